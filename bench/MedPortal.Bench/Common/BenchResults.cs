using System.Text.Json;

namespace MedPortal.Bench.Common;

/// <summary>Where benchmarks write, and the shared statistics.</summary>
internal static class BenchResults
{
    public static string Root { get; } = FindRoot();

    public static async Task WriteAsync(string name, object result)
    {
        var dir = Path.Combine(Root, "bench", "results");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name + ".json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"wrote {Path.GetRelativePath(Root, path)}");
    }

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToArray();
        var rank = p / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MedPortal.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("MedPortal.sln not found above " + AppContext.BaseDirectory);
    }
}
