using MedPortal.Tests.Infrastructure;

namespace MedPortal.Tests.Tools;

/// <summary><c>medportal-cli eval triage FILE --explain N</c> as a process.</summary>
public sealed class EvalTriageExplainTests : IDisposable
{
    private readonly string cases = Path.Combine(Path.GetTempPath(), $"medportal-explain-{Guid.NewGuid():N}.jsonl");

    public EvalTriageExplainTests() =>
        File.WriteAllLines(cases,
        [
            """{"case_description": "runny nose and sneezing for two days", "urgency_level": "sc"}""",
            "",
            """{"case_description": "A 70-year-old man, temp 39.2\u2103, crushing che\u00ADst pain. I didn't throw up.", "urgency_level": "em"}""",
        ]);

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var result = await ChildProcess.RunAsync("dotnet", [RepoPaths.CliDll, "eval", "triage", .. args], new Dictionary<string, string?>());
        return (result.ExitCode, result.Output, result.Error);
    }

    [Fact]
    public async Task Explain_LineNumber_PrintsLabelNormalisedTextFindingsFactsAndRules()
    {
        var (code, output, error) = await RunAsync(cases, "--explain", "3");

        Assert.True(code == 0, error);
        Assert.Contains("expected: em", output, StringComparison.Ordinal);
        Assert.Contains("normalised: A 70-year-old man, temp 39.2°C, crushing chest pain.", output, StringComparison.Ordinal);
        Assert.Matches(@"chest_pain\s+Present", output);
        Assert.Matches(@"vomiting\s+Negated", output);
        Assert.Contains("age: 70 years", output, StringComparison.Ordinal);
        Assert.Contains("temperature 39.2 °C", output, StringComparison.Ordinal);
        Assert.Contains("RF-CARD-002 (acuity 3 Urgent)", output, StringComparison.Ordinal);
        Assert.Contains("result: 2 EmergencyDepartment (em)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_BlankOrMissingLine_Exit2NamesTheLine()
    {
        var (code, _, error) = await RunAsync(cases, "--explain", "2");

        Assert.Equal(2, code);
        Assert.Contains("no case on line 2", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_FreeTextWithoutFile_StillPrintsJson()
    {
        var (code, output, _) = await RunAsync("--explain", "crushing chest pain");

        Assert.Equal(0, code);
        Assert.StartsWith("{", output.TrimStart(), StringComparison.Ordinal);
    }

    public void Dispose() => File.Delete(cases);
}
