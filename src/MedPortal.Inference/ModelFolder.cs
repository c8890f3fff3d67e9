using MedPortal.Inference.Native;
using Microsoft.Extensions.Options;

namespace MedPortal.Inference;

/// <summary>
/// The folder of GGUF files an admin may load (Inference:ModelsDirectory). Only regular <c>.gguf</c> files whose real
/// path, after resolving <c>..</c> and every symbolic link, lies inside the folder's real path are offered or accepted,
/// so a typed path can never make the web process parse an arbitrary file.
/// </summary>
public sealed class ModelFolder
{
    private const int MaxLinks = 40;

    /// <summary>Uses Inference:ModelsDirectory, else MEDPORTAL_MODELS_DIR, else <c>.data/models</c> found upward from the app.</summary>
    public ModelFolder(IOptions<InferenceOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Root = Path.GetFullPath(options.Value.ModelsDirectory is { Length: > 0 } configured ? configured
            : Environment.GetEnvironmentVariable("MEDPORTAL_MODELS_DIR") is { Length: > 0 } fromEnvironment ? fromEnvironment
            : FindDataModels());
    }

    /// <summary>The folder as configured (absolute).</summary>
    public string Root { get; }

    /// <summary>The GGUF files in the folder and its subfolders, as paths relative to it, sorted.</summary>
    public IReadOnlyList<string> List()
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }
        var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 4, IgnoreInaccessible = true, MatchCasing = MatchCasing.CaseInsensitive };
        return Directory.EnumerateFiles(Root, "*.gguf", options)
            .Where(file => TryResolve(file, out _) is null)
            .Select(file => Path.GetRelativePath(Root, file))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The real path of a model in the folder, given its name relative to the folder or a full path.</summary>
    /// <exception cref="InferenceUnavailableException">The file is outside the folder (also through <c>..</c> or a link), missing or not a .gguf file.</exception>
    public string Resolve(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        return TryResolve(nameOrPath.Trim(), out var real) is { } problem ? throw new InferenceUnavailableException(problem) : real!;
    }

    private string? TryResolve(string nameOrPath, out string? real)
    {
        real = null;
        if (nameOrPath.Length == 0 || nameOrPath.Contains('\0', StringComparison.Ordinal))
        {
            return "Choose a GGUF file from the models folder.";
        }
        string root;
        string candidate;
        try
        {
            root = RealPath(Root);
            candidate = RealPath(Path.Combine(Root, nameOrPath));
        }
        catch (IOException)
        {
            return $"'{nameOrPath}' could not be resolved (a loop of symbolic links?). Choose a GGUF file from the models folder {Root}.";
        }
        if (!candidate.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return $"'{nameOrPath}' is not in the models folder {Root} (Inference:ModelsDirectory). Put the file there (e.g. './medportal model fetch NAME') and choose it from the list.";
        }
        if (!candidate.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase) || !File.Exists(candidate))
        {
            return $"There is no GGUF file '{nameOrPath}' in the models folder {Root}.";
        }
        real = candidate;
        return null;
    }

    /// <summary>Like realpath(3): an absolute path with every symbolic link and <c>..</c> resolved, component by component.</summary>
    internal static string RealPath(string path, int links = 0)
    {
        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        foreach (var part in full[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    throw new IOException("Too many levels of symbolic links.");
                }
                // The part before is already real, so a relative target resolves against it as the kernel would.
                next = RealPath(Path.Combine(current, target), links);
            }
            current = next;
        }
        return current;
    }

    private static string FindDataModels()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (Directory.Exists(Path.Combine(dir.FullName, ".data")))
                {
                    return Path.Combine(dir.FullName, ".data", "models");
                }
            }
        }
        return Path.Combine(AppContext.BaseDirectory, "models");
    }
}
