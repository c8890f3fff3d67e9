using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using MedPortal.Bench.Common;
using MedPortal.Inference;
using MedPortal.Inference.Synthesis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MedPortal.Bench.Inference;

/// <summary>
/// <c>./medportal bench inference [real-shape] [--threads N] [--tokens N] [--rounds N] [--only q4_0|q8_0]</c>: decode
/// speed on random-weights models of TinyLlama-1.1B's exact shape (<c>./medportal model synth</c>, written here when
/// missing), where every token reads all the weights once, as on a real model. MedPortal's host, node-llama-cpp 3.22.1
/// and LLamaSharp 0.30.0 run one after the other on the same file with the same threads, prompts and token counts,
/// greedy with end-of-generation suppressed; each engine's best figure over the rounds is kept. Writes
/// bench/results/inference-real-shape.json.
/// </summary>
internal static class RealShapeBench
{
    private const int Sequences = 8;

    public static async Task<int> RunAsync(string[] args)
    {
        var threads = Option(args, "--threads", 2);
        var tokens = Option(args, "--tokens", 64);
        var rounds = Option(args, "--rounds", 1);
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
        var shapes = ModelShape.Known.Values.Where(s => only is null || s.Name.EndsWith(only, StringComparison.Ordinal)).ToList();
        var folder = new ModelFolder(Options.Create(new InferenceOptions())).Root;
        var loadBefore = LoadAverage();
        var bandwidth = MeasureBandwidth(threads);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"read bandwidth with {threads} threads: {bandwidth / 1e9:F1} GB/s"));
        var llamaSharp = await BuildLLamaSharpAsync();

        var result = new Dictionary<string, object>
        {
            ["model_shape"] = "tinyllama-1.1b: llama, 22 blocks, n_embd 2048, n_ff 5632, 32 heads, 4 KV heads, 32,000-token vocabulary, random weights (./medportal model synth)",
            ["threads"] = threads,
            ["tokens_per_stream"] = tokens,
            ["sequences"] = Sequences,
            ["rounds"] = rounds,
            ["bandwidth_gb_s"] = Math.Round(bandwidth / 1e9, 2),
            ["method"] = "one run: for each file, MedPortal's InferenceHost (raw prompt, SuppressEndOfGeneration), node-llama-cpp 3.22.1 (yieldEogToken) and LLamaSharp 0.30.0 (llama_batch loop, EOG masked) one after the other; greedy; short prompts; each engine warmed up on the file first; tokens/s include the prompt's prefill",
        };
        foreach (var shape in shapes)
        {
            var path = Path.Combine(folder, shape.Name + ".gguf");
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(folder);
                Console.WriteLine($"writing {path} (./medportal model synth {shape.Name})");
                SyntheticModel.Write(shape, path + ".part");
                File.Move(path + ".part", path, overwrite: true);
            }
            // Every token reads every matrix once, except the embedding table (one row).
            var bytesPerToken = shape.Tensors(shape.VocabularySize).Where(t => t.Name != "token_embd.weight").Sum(t => GgufWriter.TensorBytes(t.Shape, t.Type));
            var figures = new Dictionary<string, double>();
            void Keep(string key, double value) => figures[key] = Math.Max(figures.GetValueOrDefault(key), value);
            for (var round = 0; round < rounds; round++)
            {
                Console.WriteLine($"{shape.Name}, round {round + 1}/{rounds}");
                var (single, aggregate) = await OursAsync(path, threads, tokens);
                Keep("ours_single_tokens_per_s", single);
                Keep("ours_aggregate_8_tokens_per_s", aggregate);
                if (await InferenceBench.NodeBaselineAsync(path, tokens, threads, Sequences) is { } node)
                {
                    Keep("node_llama_cpp_single_tokens_per_s", node.Single);
                    Keep("node_llama_cpp_parallel_8_tokens_per_s", node.Parallel);
                }
                if (llamaSharp is not null && await LLamaSharpAsync(llamaSharp, path, tokens, threads) is { } sharp)
                {
                    Keep("llamasharp_single_tokens_per_s", sharp.Single);
                    Keep("llamasharp_batched_8_tokens_per_s", sharp.Batched);
                }
                Console.WriteLine(string.Join(", ", figures.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key} {f.Value:F2}"))));
            }
            result[shape.Type.ToString().ToLowerInvariant()] = Summarise(figures, path, bytesPerToken, bandwidth);
            await WriteAsync(result, llamaSharp, loadBefore); // after each file, so a stopped run keeps what it measured
        }
        Console.WriteLine();
        Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        return 0;
    }

    private static async Task WriteAsync(Dictionary<string, object> result, string? llamaSharp, string loadBefore)
    {
        if (result.TryGetValue("q4_0", out var q4) && q4 is Dictionary<string, object> clinic)
        {
            // The headline keys are for Q4_0, the file a clinic would run.
            result["quantisation"] = "Q4_0";
            foreach (var key in new[] { "single_stream_vs_best_peer", "aggregate_8_vs_best_peer", "aggregate_speedup_8", "decode_bandwidth_fraction" })
            {
                if (clinic.TryGetValue(key, out var value))
                {
                    result[key] = value;
                }
            }
        }
        result["llamasharp"] = llamaSharp is null ? "not measured: bench/llamasharp did not build (see the message above)" : "LLamaSharp 0.30.0 + LLamaSharp.Backend.Cpu (llama.cpp 815a2a59), in its own process";
        result["load_average_1m_before_after"] = $"{loadBefore} / {LoadAverage()}";
        await BenchResults.WriteAsync("inference-real-shape", result);
    }

    private static Dictionary<string, object> Summarise(Dictionary<string, double> f, string path, long bytesPerToken, double bandwidth)
    {
        var summary = f.ToDictionary(p => p.Key, p => (object)Math.Round(p.Value, 2));
        var limit = bandwidth / bytesPerToken;
        summary["file_bytes"] = new FileInfo(path).Length;
        summary["weight_bytes_per_token"] = bytesPerToken;
        summary["bandwidth_limit_tokens_per_s"] = Math.Round(limit, 2);
        var single = f["ours_single_tokens_per_s"];
        var aggregate = f["ours_aggregate_8_tokens_per_s"];
        summary["aggregate_speedup_8"] = Math.Round(aggregate / single, 2);
        summary["decode_bandwidth_fraction"] = Math.Round(single / limit, 2);
        void Ratio(string key, string ours, params string[] peers)
        {
            var measured = peers.Where(f.ContainsKey).Select(p => f[p]).ToList();
            if (measured.Count > 0)
            {
                summary[key] = Math.Round(f[ours] / measured.Max(), 2);
            }
        }
        Ratio("single_stream_vs_node_llama_cpp", "ours_single_tokens_per_s", "node_llama_cpp_single_tokens_per_s");
        Ratio("single_stream_vs_llamasharp", "ours_single_tokens_per_s", "llamasharp_single_tokens_per_s");
        Ratio("single_stream_vs_best_peer", "ours_single_tokens_per_s", "node_llama_cpp_single_tokens_per_s", "llamasharp_single_tokens_per_s");
        Ratio("aggregate_8_vs_node_llama_cpp", "ours_aggregate_8_tokens_per_s", "node_llama_cpp_parallel_8_tokens_per_s");
        Ratio("aggregate_8_vs_llamasharp", "ours_aggregate_8_tokens_per_s", "llamasharp_batched_8_tokens_per_s");
        Ratio("aggregate_8_vs_best_peer", "ours_aggregate_8_tokens_per_s", "node_llama_cpp_parallel_8_tokens_per_s", "llamasharp_batched_8_tokens_per_s");
        return summary;
    }

    private static async Task<(double Single, double Aggregate)> OursAsync(string path, int threads, int tokens)
    {
        var status = new ModelStatusMonitor();
        using var host = new InferenceHost(Options.Create(new InferenceOptions { ModelPath = path, Threads = threads, ContextSize = 4096, BatchSize = 512, MaxParallelSequences = Sequences }), status, NullLogger<InferenceHost>.Instance);
        await host.StartAsync(CancellationToken.None);
        for (var i = 0; i < 6000 && status.State is ModelState.NotConfigured or ModelState.Loading; i++)
        {
            await Task.Delay(50);
        }
        if (!status.IsReady)
        {
            throw new InvalidOperationException($"{path} did not load: {status.State} {status.Reason}");
        }
        async Task<double> Rate(int streams, int count)
        {
            var sampling = new SamplingOptions(MaxTokens: count, SuppressEndOfGeneration: true);
            var clock = Stopwatch.StartNew();
            var counts = await Task.WhenAll(InferenceBench.Prompts.Take(streams).Select(async p =>
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
        await Rate(1, 4); // pages the weights in
        var single = await Rate(1, tokens);
        var aggregate = await Rate(Sequences, tokens);
        await host.StopAsync(CancellationToken.None);
        return (single, aggregate);
    }

    private static async Task<string?> BuildLLamaSharpAsync()
    {
        var dir = Path.Combine(BenchResults.Root, "bench", "llamasharp");
        var build = await InferenceBench.RunProcessAsync("dotnet", dir, "build", "-c", "Release", "-nologo", "-v", "q", "-clp:ErrorsOnly");
        if (build.Code != 0)
        {
            Console.Error.WriteLine($"LLamaSharp baseline build failed: {build.Output}{build.Error}");
            return null;
        }
        return Path.Combine(dir, "bin", "Release", "net10.0", "LLamaSharpBaseline.dll");
    }

    private static async Task<(double Single, double Batched)?> LLamaSharpAsync(string dll, string model, int tokens, int threads)
    {
        var run = await InferenceBench.RunProcessAsync("dotnet", Path.GetDirectoryName(dll)!,
            [dll, model, tokens.ToString(CultureInfo.InvariantCulture), threads.ToString(CultureInfo.InvariantCulture), Sequences.ToString(CultureInfo.InvariantCulture), .. InferenceBench.Prompts]);
        if (run.Code != 0)
        {
            Console.Error.WriteLine($"LLamaSharp baseline failed: {run.Error}");
            return null;
        }
        using var json = JsonDocument.Parse(run.Output.Trim().Split('\n')[^1]);
        return (json.RootElement.GetProperty("single_tokens_per_s").GetDouble(), json.RootElement.GetProperty("batched_tokens_per_s").GetDouble());
    }

    /// <summary>Bytes per second a summing loop reads over 1 GiB (far past the caches) with <paramref name="threads"/> threads; best of three.</summary>
    private static double MeasureBandwidth(int threads)
    {
        var data = new long[(1L << 30) / sizeof(long)];
        Array.Fill(data, 1L);
        var best = 0.0;
        for (var pass = 0; pass < 3; pass++)
        {
            var clock = Stopwatch.StartNew();
            var slice = data.Length / threads;
            var sums = new long[threads];
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                var span = data.AsSpan(t * slice, slice);
                var acc = Vector<long>.Zero;
                for (var i = 0; i + Vector<long>.Count <= span.Length; i += Vector<long>.Count)
                {
                    acc += new Vector<long>(span[i..]);
                }
                sums[t] = Vector.Sum(acc);
            });
            if (sums.Sum() != (long)slice * threads)
            {
                throw new InvalidOperationException("bandwidth loop miscounted");
            }
            best = Math.Max(best, (double)slice * threads * sizeof(long) / clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
