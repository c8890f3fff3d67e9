using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace MedPortal.Inference.Native;

/// <summary>
/// Finds and loads the pinned llama.cpp libraries once per process: CUDA when configured or detected, otherwise CPU.
/// Loads ggml's backends from the same folder (without that llama.cpp finds no device), initialises the backend and
/// routes llama.cpp's log into <see cref="ILogger"/> at matching levels.
/// </summary>
internal static unsafe partial class NativeLibraries
{
    private static readonly Lock Gate = new();
    private static string? loadedFrom;
    private static ILogger? log;
    private static bool resolverInstalled;
    private static (string Llama, string Ggml)? resolved;

    /// <summary>The folder the libraries were loaded from, or null before <see cref="EnsureLoaded"/>.</summary>
    public static string? LoadedFrom => loadedFrom;

    /// <summary>Loads the libraries (idempotent).</summary>
    /// <param name="configuredDirectory">Inference:NativeDirectory, or null to search.</param>
    /// <param name="logger">Receives which library loaded and why, and llama.cpp's own log.</param>
    /// <exception cref="InferenceUnavailableException">No usable native libraries were found.</exception>
    public static string EnsureLoaded(string? configuredDirectory, ILogger logger)
    {
        lock (Gate)
        {
            if (loadedFrom is not null)
            {
                return loadedFrom;
            }
            var (directory, reason) = Choose(configuredDirectory);
            var llama = Path.Combine(directory, "libllama.v0.5.0.so");
            var ggml = Path.Combine(directory, "libggml.v0.5.0.so");
            if (!File.Exists(llama) || !File.Exists(ggml))
            {
                throw new InferenceUnavailableException($"The llama.cpp libraries were not found in {directory}. Run 'scripts/natives.sh' (./medportal does) or set Inference:NativeDirectory.");
            }
            InstallResolver(llama, ggml);
            log = logger;
            try
            {
                LlamaNative.LogSet(&OnLog, 0);
                LlamaNative.GgmlBackendLoadAllFromPath(directory);
                LlamaNative.BackendInit();
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
            {
                // Not loaded: a later call (after the admin fixes the folder or installs the driver) tries again.
                throw new InferenceUnavailableException(
                    $"The llama.cpp libraries in {directory} could not be loaded ({ex.GetType().Name}). A CUDA build needs the NVIDIA driver (libcuda.so.1); " +
                    "set Inference:NativeDirectory to the CPU build (.data/natives/cpu) or install the driver.");
            }
            loadedFrom = directory;
            LogLoaded(logger, directory, reason);
            return directory;
        }
    }

    /// <summary>
    /// Points "llama" and "ggml" at these files. The runtime allows one resolver per assembly (a second
    /// SetDllImportResolver throws), so it is installed once and later calls only change the paths it answers with.
    /// </summary>
    internal static void InstallResolver(string llama, string ggml)
    {
        lock (Gate)
        {
            resolved = (llama, ggml);
            if (resolverInstalled)
            {
                return;
            }
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, (name, _, _) => (name, resolved) switch
            {
                (LlamaNative.Llama, { } paths) => NativeLibrary.Load(paths.Llama),
                (LlamaNative.Ggml, { } paths) => NativeLibrary.Load(paths.Ggml),
                _ => 0,
            });
            resolverInstalled = true;
        }
    }

    private static (string Directory, string Reason) Choose(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return (configured, "Inference:NativeDirectory is set");
        }
        if (Environment.GetEnvironmentVariable("MEDPORTAL_NATIVES_DIR") is { Length: > 0 } fromEnvironment)
        {
            return (fromEnvironment, "MEDPORTAL_NATIVES_DIR is set");
        }
        var root = FindNativesRoot();
        var cuda = Path.Combine(root, "cuda");
        if (Directory.Exists(cuda) && File.Exists("/dev/nvidia0"))
        {
            return (cuda, "an NVIDIA GPU (/dev/nvidia0) and the CUDA libraries are present");
        }
        return (Path.Combine(root, "cpu"), Directory.Exists(cuda) ? "CUDA libraries are present but no NVIDIA GPU was found" : "no CUDA libraries installed");
    }

    private static string FindNativesRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, ".data", "natives");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return Path.Combine(AppContext.BaseDirectory, "natives");
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnLog(int level, byte* text, nint userData)
    {
        if (log is not { } logger || text is null)
        {
            return;
        }
        var message = Marshal.PtrToStringUTF8((nint)text)?.TrimEnd();
        if (string.IsNullOrEmpty(message))
        {
            return;
        }
        // ggml_log_level: 1 debug, 2 info, 3 warn, 4 error, 5 continuation. Model loading is chatty: info goes to Debug.
        var mapped = level switch
        {
            4 => LogLevel.Error,
            3 => LogLevel.Warning,
            _ => LogLevel.Debug,
        };
        LogNative(logger, mapped, message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "llama.cpp loaded from {Directory} because {Reason}")]
    private static partial void LogLoaded(ILogger logger, string directory, string reason);

    [LoggerMessage(Message = "llama.cpp: {Message}")]
    private static partial void LogNative(ILogger logger, LogLevel level, string message);
}

/// <summary>Local inference cannot run (no libraries, no model, model failed to load); the message says what to do.</summary>
public sealed class InferenceUnavailableException(string message) : Exception(message);
