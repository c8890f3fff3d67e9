using System.Text.Json;
using MedPortal.Tests.Infrastructure;

namespace MedPortal.Tests.Tools;

/// <summary><c>medportal-cli eval phi FILE [--json] [--split …]</c> as a process.</summary>
public sealed class EvalPhiCommandTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("medportal-phi-").FullName;

    private static string DevFile => Path.Combine(RepoPaths.Root, "tests", "data", "public", "phi-presidio-synth-dev.json");

    private static async Task<ProcessResult> RunAsync(params string[] args) =>
        await ChildProcess.RunAsync("dotnet", [RepoPaths.CliDll, "eval", "phi", .. args], new Dictionary<string, string?>(), workingDirectory: RepoPaths.Root);

    [Fact]
    public async Task EvalPhi_DevFileJson_PrintsRecallPrecisionAndPerType()
    {
        var result = await RunAsync(DevFile, "--json", "--split", "tune");

        Assert.True(result.ExitCode == 0, result.All);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(519, json.GetProperty("n").GetInt32());
        Assert.InRange(json.GetProperty("recall").GetDouble(), 0.97, 1.0);
        Assert.InRange(json.GetProperty("precision").GetDouble(), 0.85, 1.0);
        var person = json.GetProperty("per_type").GetProperty("PERSON");
        Assert.True(person.GetProperty("phi").GetBoolean());
        Assert.InRange(person.GetProperty("recall").GetDouble(), 0.0, 1.0);
        Assert.False(json.GetProperty("per_type").GetProperty("ORGANIZATION").GetProperty("phi").GetBoolean());
    }

    [Fact]
    public async Task EvalPhi_Splits_PartitionTheFile()
    {
        var tune = JsonDocument.Parse((await RunAsync(DevFile, "--json", "--split", "tune")).Output).RootElement;
        var heldOut = JsonDocument.Parse((await RunAsync(DevFile, "--json", "--split", "heldout")).Output).RootElement;

        Assert.Equal("tune", tune.GetProperty("split").GetString());
        Assert.Equal(754, tune.GetProperty("n").GetInt32() + heldOut.GetProperty("n").GetInt32());
        Assert.True(heldOut.GetProperty("n").GetInt32() > 100);
    }

    [Fact]
    public async Task EvalPhi_OwnFile_MeasuresItsLabels()
    {
        var file = Path.Combine(folder, "two.json");
        await File.WriteAllTextAsync(file, """
            [{"full_text": "Call Agnieszka Nowak on 0113 496 0721.", "template_id": 1,
              "spans": [{"entity_type": "PERSON", "start_position": 5, "end_position": 20},
                        {"entity_type": "PHONE_NUMBER", "start_position": 24, "end_position": 37}]},
             {"full_text": "Take 2 mg 3 times a day.", "template_id": 2, "spans": []}]
            """);

        var result = await RunAsync(file, "--json");

        Assert.True(result.ExitCode == 0, result.All);
        var json = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(2, json.GetProperty("n").GetInt32());
        Assert.Equal(1.0, json.GetProperty("recall").GetDouble());
        Assert.Equal(1.0, json.GetProperty("precision").GetDouble());
    }

    [Fact]
    public async Task EvalPhi_SplitWithoutSplitFile_Exit2SaysWhatIsMissing()
    {
        var file = Path.Combine(folder, "one.json");
        await File.WriteAllTextAsync(file, """[{"full_text": "x", "spans": [], "template_id": 1}]""");
        var missing = Path.Combine(folder, "no-such-split.json");

        var result = await RunAsync(file, "--split", "tune", "--split-file", missing);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("phi-blind-split.json", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalPhi_BrokenOrMissingFile_Exit2()
    {
        var broken = Path.Combine(folder, "broken.json");
        await File.WriteAllTextAsync(broken, "{not json");

        var bad = await RunAsync(broken, "--json");
        var absent = await RunAsync(Path.Combine(folder, "absent.json"));

        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("error:", bad.Error, StringComparison.Ordinal);
        Assert.Equal(2, absent.ExitCode);
        Assert.Contains("does not exist", absent.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
