using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MedPortal.Bench.Common;
using MedPortal.Inference;
using MedPortal.Tests.Inference;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MedPortal.Bench.Inference;

/// <summary>
/// <c>./medportal bench inference</c>: MedPortal's host and node-llama-cpp 3.22.1 (the same llama.cpp build) on the same
/// generated GGUF with the same thread count, side by side in one run: greedy tokens per second for one sequence and for
/// four sequences at once (continuous batching), EOS suppressed so every run decodes the same number of tokens.
/// </summary>
internal static class InferenceBench
{
    private const int Tokens = 256;
    private const int Threads = 1;

    public static async Task<int> RunAsync(string[] args)
    {
        var model = TinyGguf.Write(Path.Combine(Path.GetTempPath(), "medportal-bench-tiny.gguf"));
        var status = new ModelStatusMonitor();
        using var host = new InferenceHost(Options.Create(new InferenceOptions { ModelPath = model, Threads = Threads, ContextSize = 4096, BatchSize = 512, MaxParallelSequences = 4 }), status, NullLogger<InferenceHost>.Instance);
        await host.StartAsync(CancellationToken.None);
        for (var i = 0; i < 200 && !status.IsReady; i++)
        {
            await Task.Delay(50);
        }
        string[] prompts = ["the patient has chest pain", "sore throat since yesterday", "hello world", "a rash and a fever today please"];
        var sampling = new SamplingOptions(MaxTokens: Tokens, SuppressEndOfGeneration: true);
        async Task<int> Run(string prompt)
        {
            var n = 0;
            await foreach (var chunk in host.GenerateAsync(prompt, sampling, InferencePriority.Batch, CancellationToken.None))
            {
                n += chunk.Token >= 0 ? 1 : 0;
            }
            return n;
        }
        await Run(prompts[0]);
        var clock = Stopwatch.StartNew();
        var single = await Run(prompts[0]);
        var singleRate = single / clock.Elapsed.TotalSeconds;
        clock.Restart();
        var counts = await Task.WhenAll(prompts.Select(Run));
        var parallelRate = counts.Sum() / clock.Elapsed.TotalSeconds;
        await host.StopAsync(CancellationToken.None);

        var result = new Dictionary<string, object>
        {
            ["medportal_single_tokens_per_s"] = Math.Round(singleRate, 1),
            ["medportal_parallel4_tokens_per_s"] = Math.Round(parallelRate, 1),
            ["medportal_batching_gain"] = Math.Round(parallelRate / singleRate, 2),
            ["tokens_per_sequence"] = Tokens,
            ["threads"] = Threads,
            ["model"] = "generated tiny llama GGUF (2 blocks, n_embd 64, F32)",
        };
        var baseline = await NodeBaselineAsync(model);
        if (baseline is { } b)
        {
            result["node_llama_cpp_single_tokens_per_s"] = Math.Round(b.Single, 1);
            result["node_llama_cpp_parallel4_tokens_per_s"] = Math.Round(b.Parallel, 1);
            result["ratio_single_medportal_over_node"] = Math.Round(singleRate / b.Single, 2);
            result["ratio_parallel4_medportal_over_node"] = Math.Round(parallelRate / b.Parallel, 2);
        }
        else
        {
            result["node_llama_cpp"] = "not measured: node-llama-cpp could not be installed or run (see the message above)";
        }
        Console.WriteLine();
        Console.WriteLine("| metric | value |");
        Console.WriteLine("|---|---|");
        foreach (var (key, value) in result)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {key} | {value} |"));
        }
        await BenchResults.WriteAsync("inference", result);
        File.Delete(model);
        return 0;
    }

    private static async Task<(double Single, double Parallel)?> NodeBaselineAsync(string model)
    {
        var dir = Path.Combine(BenchResults.Root, "bench", "node");
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "node-llama-cpp")))
        {
            var install = await RunAsync("npm", dir, "install", "--no-save", "--no-audit", "--no-fund", "--foreground-scripts", "--omit=optional", "node-llama-cpp@3.22.1", "@node-llama-cpp/linux-x64@3.22.1");
            if (install.Code != 0)
            {
                Console.Error.WriteLine($"node-llama-cpp install failed: {install.Error}");
                return null;
            }
        }
        var run = await RunAsync("node", dir, "baseline.mjs", model, Tokens.ToString(CultureInfo.InvariantCulture), Threads.ToString(CultureInfo.InvariantCulture));
        if (run.Code != 0)
        {
            Console.Error.WriteLine($"node-llama-cpp baseline failed: {run.Error}");
            return null;
        }
        using var json = JsonDocument.Parse(run.Output.Trim().Split('\n')[^1]);
        return (json.RootElement.GetProperty("single_tokens_per_s").GetDouble(), json.RootElement.GetProperty("parallel4_tokens_per_s").GetDouble());
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string file, string directory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
