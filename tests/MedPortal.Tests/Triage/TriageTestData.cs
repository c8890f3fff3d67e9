using MedPortal.Core.Triage.Evaluation;

namespace MedPortal.Tests.Triage;

/// <summary>Finds the repository root (the folder holding MedPortal.sln) and reads the labelled data sets.</summary>
internal static class TriageTestData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MedPortal.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"MedPortal.sln not found above {AppContext.BaseDirectory}");
    });

    public static string RepoRoot => Root.Value;

    public static string DataFile(string name) => Path.Combine(RepoRoot, "tests", "data", name);

    public static IReadOnlyList<LabelledCase> Cases(string name)
    {
        using var reader = new StreamReader(DataFile(name));
        return TriageEvaluation.ParseCases(reader);
    }

    public static IReadOnlyList<LabelledCrisis> Crisis(string name)
    {
        using var reader = new StreamReader(DataFile(name));
        return TriageEvaluation.ParseCrisis(reader);
    }
}
