using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MedPortal.Bench.Common;
using MedPortal.Inference;
using MedPortal.Tests.Inference;
using Microsoft.Extensions.AI;
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

    /// <summary>The prompts of every inference bench (LLamaSharp gets them as arguments; bench/node/baseline.mjs holds the same list).</summary>
    internal static readonly string[] Prompts = ["the patient has chest pain", "sore throat since yesterday", "hello world", "a rash and a fever today please", "the nurse will review this", "no fever and no cough", "headache since yesterday", "please review the rash"];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is ["real-shape", ..])
        {
            return await RealShapeBench.RunAsync(args[1..]);
        }
        var model = TinyGguf.Write(Path.Combine(Path.GetTempPath(), "medportal-bench-tiny.gguf"));
        var status = new ModelStatusMonitor();
        using var host = new InferenceHost(Options.Create(new InferenceOptions { ModelPath = model, Threads = Threads, ContextSize = 16384, BatchSize = 512, MaxParallelSequences = 8 }), status, NullLogger<InferenceHost>.Instance);
        await host.StartAsync(CancellationToken.None);
        for (var i = 0; i < 200 && !status.IsReady; i++)
        {
            await Task.Delay(50);
        }
        IChatClient chat = new LlamaChatClient(host);
        var options = new ChatOptions { MaxOutputTokens = Tokens, Temperature = 0 };

        // Through IChatClient, as the chat uses it. EOS is not suppressed here, so count what each stream returned.
        async Task<(int Tokens, double FirstTokenMs)> Chat(string prompt)
        {
            var clock = Stopwatch.StartNew();
            var first = -1.0;
            var n = 0;
            await foreach (var update in chat.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, prompt)], options))
            {
                if (update.Text.Length > 0)
                {
                    n++;
                    if (first < 0)
                    {
                        first = clock.Elapsed.TotalMilliseconds;
                    }
                }
            }
            return (n, first);
        }
        async Task<double> Rate(int chats)
        {
            var clock = Stopwatch.StartNew();
            var results = await Task.WhenAll(Prompts.Take(chats).Select(Chat));
            return results.Sum(r => r.Tokens) / clock.Elapsed.TotalSeconds;
        }
        await Rate(1);
        var rate1 = await Rate(1);
        var rate4 = await Rate(4);
        var rate8 = await Rate(8);
        var firstTokens = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            firstTokens.Add((await Chat(Prompts[i % Prompts.Length])).FirstTokenMs);
        }

        // Prefill: a long prompt, one generated token.
        var longPrompt = string.Join(' ', Enumerable.Repeat("the patient has a sore throat and a fever since yesterday", 60));
        var promptTokens = host.Model!.Tokenize(longPrompt).Length;
        var prefill = Stopwatch.StartNew();
        await foreach (var _ in host.GenerateAsync(longPrompt, new SamplingOptions(MaxTokens: 1, SuppressEndOfGeneration: true), InferencePriority.Batch, CancellationToken.None))
        {
        }
        var prefillRate = promptTokens / prefill.Elapsed.TotalSeconds;

        // Raw greedy decode with EOS suppressed, the same work node-llama-cpp does below.
        var sampling = new SamplingOptions(MaxTokens: Tokens, SuppressEndOfGeneration: true);
        var raw = Stopwatch.StartNew();
        var rawTokens = 0;
        await foreach (var chunk in host.GenerateAsync(Prompts[0], sampling, InferencePriority.Batch, CancellationToken.None))
        {
            rawTokens += chunk.Token >= 0 ? 1 : 0;
        }
        var rawRate = rawTokens / raw.Elapsed.TotalSeconds;
        async Task<double> RawRate(int streams)
        {
            var clock = Stopwatch.StartNew();
            var counts = await Task.WhenAll(Prompts.Take(streams).Select(async p =>
            {
                var n = 0;
                await foreach (var chunk in host.GenerateAsync(p, sampling, InferencePriority.Batch, CancellationToken.None))
                {
                    n += chunk.Token >= 0 ? 1 : 0;
                }
                return n;
            }));
            return counts.Sum() / clock.Elapsed.TotalSeconds;
        }
        var raw4 = await RawRate(4);
        var raw8 = await RawRate(8);
        await host.StopAsync(CancellationToken.None);

        var result = new Dictionary<string, object>
        {
            ["chat_tokens_per_s_1"] = Math.Round(rate1, 1),
            ["chat_tokens_per_s_4"] = Math.Round(rate4, 1),
            ["chat_tokens_per_s_8"] = Math.Round(rate8, 1),
            ["aggregate_speedup_8"] = Math.Round(rate8 / rate1, 2),
            ["prefill_tokens_per_s"] = Math.Round(prefillRate, 1),
            ["prefill_prompt_tokens"] = promptTokens,
            ["first_token_ms_p50"] = Math.Round(BenchResults.Percentile(firstTokens, 50), 2),
            ["single_stream_tokens_per_s"] = Math.Round(rawRate, 1),
            ["decode_tokens_per_s_4"] = Math.Round(raw4, 1),
            ["decode_tokens_per_s_8"] = Math.Round(raw8, 1),
            ["decode_speedup_8"] = Math.Round(raw8 / rawRate, 2),
            ["tokens_per_stream"] = Tokens,
            ["threads"] = Threads,
            ["model"] = "generated tiny llama GGUF (2 blocks, n_embd 64, F32), CPU",
        };
        var baseline = await NodeBaselineAsync(model, Tokens, Threads, 4);
        if (baseline is { } b)
        {
            result["baseline_node_llama_cpp_tokens_per_s"] = Math.Round(b.Single, 1);
            result["baseline_node_llama_cpp_parallel4_tokens_per_s"] = Math.Round(b.Parallel, 1);
            result["single_stream_vs_baseline"] = Math.Round(rawRate / b.Single, 2);
        }
        else
        {
            result["baseline"] = "not measured: node-llama-cpp could not be installed or run (see the message above)";
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
        return await RealShapeBench.RunAsync(args);
    }

    /// <summary>node-llama-cpp on <paramref name="model"/>: one sequence, then <paramref name="sequences"/> at once.</summary>
    internal static async Task<(double Single, double Parallel)?> NodeBaselineAsync(string model, int tokens, int threads, int sequences)
    {
        var dir = Path.Combine(BenchResults.Root, "bench", "node");
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "node-llama-cpp")))
        {
            var install = await RunProcessAsync("npm", dir, "install", "--no-save", "--no-audit", "--no-fund", "--foreground-scripts", "--omit=optional", "node-llama-cpp@3.22.1", "@node-llama-cpp/linux-x64@3.22.1");
            if (install.Code != 0)
            {
                Console.Error.WriteLine($"node-llama-cpp install failed: {install.Error}");
                return null;
            }
        }
        var run = await RunProcessAsync("node", dir, "baseline.mjs", model, tokens.ToString(CultureInfo.InvariantCulture), threads.ToString(CultureInfo.InvariantCulture), sequences.ToString(CultureInfo.InvariantCulture));
        if (run.Code != 0)
        {
            Console.Error.WriteLine($"node-llama-cpp baseline failed: {run.Error}");
            return null;
        }
        using var json = JsonDocument.Parse(run.Output.Trim().Split('\n')[^1]);
        return (json.RootElement.GetProperty("single_tokens_per_s").GetDouble(), json.RootElement.GetProperty("parallel_tokens_per_s").GetDouble());
    }

    internal static async Task<(int Code, string Output, string Error)> RunProcessAsync(string file, string directory, params string[] args)
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
