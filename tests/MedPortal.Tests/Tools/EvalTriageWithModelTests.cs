using System.Text.Json;
using MedPortal.Tests.Inference;
using MedPortal.Tests.Infrastructure;

namespace MedPortal.Tests.Tools;

/// <summary><c>medportal-cli eval triage --with-model</c> as a process, with the generated GGUF on the real llama.cpp.</summary>
public sealed class EvalTriageWithModelTests : IDisposable
{
    private readonly string cases = Path.Combine(Path.GetTempPath(), $"medportal-eval-{Guid.NewGuid():N}.jsonl");
    private readonly string model = TinyGguf.Write(Path.Combine(Path.GetTempPath(), $"medportal-eval-{Guid.NewGuid():N}.gguf"));

    public EvalTriageWithModelTests() =>
        File.WriteAllLines(cases,
        [
            """{"case_description": "I have crushing chest pain spreading to my left arm and I am sweating", "urgency_level": "em"}""",
            """{"case_description": "runny nose and sneezing for two days, otherwise fine", "urgency_level": "sc"}""",
            """{"case_description": "A 30-year-old woman with burning on urination for two days, no fever", "urgency_level": "ne"}""",
        ]);

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var result = await ChildProcess.RunAsync("dotnet", [RepoPaths.CliDll, "eval", "triage", .. args],
            new Dictionary<string, string?> { ["Inference__ModelPath"] = null, ["Inference__RemoteUrl"] = null });
        return (result.ExitCode, result.Output, result.Error);
    }

    [Fact]
    public async Task WithModel_GeneratedGguf_EvaluatesEveryCaseAndNeverLowersTheRules()
    {
        var rulesOnly = await RunAsync(cases, "--json");
        var withModel = await RunAsync(cases, "--json", "--with-model", "--model", model);

        Assert.True(withModel.Code == 0, withModel.Error);
        using var a = JsonDocument.Parse(rulesOnly.Output);
        using var b = JsonDocument.Parse(withModel.Output);
        Assert.Equal(3, b.RootElement.GetProperty("n").GetInt32());
        Assert.True(b.RootElement.GetProperty("emergency_recall").GetDouble() >= a.RootElement.GetProperty("emergency_recall").GetDouble());
        Assert.Contains("--with-model: the model raised", withModel.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithModel_NoModelGiven_ExitThreeSaysHowToGetOne()
    {
        var (code, _, error) = await RunAsync(cases, "--with-model");

        Assert.Equal(3, code);
        Assert.Contains("./medportal model fetch", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        File.Delete(cases);
        File.Delete(model);
    }
}
