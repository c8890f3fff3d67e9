using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MedPortal.Core.Triage;
using MedPortal.Core.Triage.Evaluation;

namespace MedPortal.Bench.Triage;

/// <summary>
/// <c>medportal bench triage [--rounds N]</c>: time per case of the rules engine (no model) on tests/data/triage-*.jsonl and tests/data/public/*.jsonl,
/// one thread. Writes bench/results/triage.json and prints a table.
/// </summary>
internal static class TriageBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = 50;
        if (args.Length == 2 && args[0] == "--rounds" && int.TryParse(args[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var r) && r > 0)
        {
            rounds = r;
        }

        var root = FindRepoRoot();
        if (root is null)
        {
            Console.Error.WriteLine("bench triage: MedPortal.sln not found above " + AppContext.BaseDirectory);
            return 2;
        }

        var texts = new List<string>();
        // Our own sets and the published clinician-written cases (longer, with vitals and clinical notation).
        var files = Directory.GetFiles(Path.Combine(root, "tests", "data"), "triage-*.jsonl")
            .Concat(Directory.GetFiles(Path.Combine(root, "tests", "data", "public"), "*.jsonl"))
            .Order(StringComparer.Ordinal);
        foreach (var path in files)
        {
            using var reader = new StreamReader(path);
            texts.AddRange(TriageEvaluation.ParseCases(reader).Select(c => c.CaseDescription));
        }

        var load = Stopwatch.StartNew();
        var engine = TriageEngine.CreateDefault();
        load.Stop();

        // Warm-up: JIT and caches.
        for (var i = 0; i < 3; i++)
        {
            foreach (var t in texts)
            {
                engine.Assess(t);
            }
        }

        var samples = new double[texts.Count * rounds];
        var k = 0;
        var total = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var t in texts)
            {
                var start = Stopwatch.GetTimestamp();
                engine.Assess(t);
                samples[k++] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        total.Stop();
        Array.Sort(samples);
        var median = Percentile(samples, 0.50);
        var p99 = Percentile(samples, 0.99);
        var casesPerSecond = samples.Length / total.Elapsed.TotalSeconds;

        var resultsDir = Path.Combine(root, "bench", "results");
        Directory.CreateDirectory(resultsDir);
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = "triage",
            ["median_ms"] = Math.Round(median, 4),
            ["p99_ms"] = Math.Round(p99, 4),
            ["mean_ms"] = Math.Round(samples.Average(), 4),
            ["max_ms"] = Math.Round(samples[^1], 4),
            ["cases_per_s"] = Math.Round(casesPerSecond, 1),
            ["cases"] = texts.Count,
            ["rounds"] = rounds,
            ["samples"] = samples.Length,
            ["threads"] = 1,
            ["knowledge_load_ms"] = Math.Round(load.Elapsed.TotalMilliseconds, 1),
            ["engine_version"] = engine.Version,
            ["processor_count"] = Environment.ProcessorCount,
            ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            ["utc"] = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
        }, new JsonSerializerOptions { WriteIndented = true });
        var file = Path.Combine(resultsDir, "triage.json");
        await File.WriteAllTextAsync(file, json + "\n");

        var ci = CultureInfo.InvariantCulture;
        Console.WriteLine("triage engine (rules only, 1 thread)");
        Console.WriteLine(string.Create(ci, $"  {"cases x rounds",-22} {texts.Count} x {rounds} = {samples.Length}"));
        Console.WriteLine(string.Create(ci, $"  {"knowledge load",-22} {load.Elapsed.TotalMilliseconds,10:F1} ms"));
        Console.WriteLine(string.Create(ci, $"  {"median per case",-22} {median,10:F3} ms"));
        Console.WriteLine(string.Create(ci, $"  {"p99 per case",-22} {p99,10:F3} ms"));
        Console.WriteLine(string.Create(ci, $"  {"max per case",-22} {samples[^1],10:F3} ms"));
        Console.WriteLine(string.Create(ci, $"  {"cases per second",-22} {casesPerSecond,10:F0}"));
        Console.WriteLine("  wrote " + file);
        return 0;
    }

    private static double Percentile(double[] sorted, double q)
    {
        var index = (int)Math.Ceiling(q * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }

    private static string? FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MedPortal.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName;
    }
}
