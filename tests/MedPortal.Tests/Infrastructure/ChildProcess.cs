using System.Diagnostics;

namespace MedPortal.Tests.Infrastructure;

/// <summary>What a finished child process printed.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string Error)
{
    /// <summary>Standard output then standard error.</summary>
    public string All => Output + Error;
}

/// <summary>Runs a real program (the CLI, the web host, a script, a Debian tool) as the operator would, and collects its output.</summary>
public static class ChildProcess
{
    /// <param name="file">The program.</param>
    /// <param name="args">Its arguments, passed without a shell.</param>
    /// <param name="environment">Variables to set; a null value removes the variable.</param>
    /// <param name="workingDirectory">Where it runs; the test's folder when null.</param>
    /// <param name="timeout">It is killed, and the call throws <see cref="TimeoutException"/>, when it runs longer (default 2 minutes).</param>
    public static async Task<ProcessResult> RunAsync(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromMinutes(2);
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} was still running after {limit.TotalSeconds:0} s.");
        }
        return new ProcessResult(process.ExitCode, await output, await error);
    }
}
