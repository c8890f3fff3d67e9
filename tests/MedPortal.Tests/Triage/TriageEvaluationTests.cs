using MedPortal.Core.Triage;
using MedPortal.Core.Triage.Evaluation;

namespace MedPortal.Tests.Triage;

public sealed class TriageEvaluationTests
{
    [Theory]
    [InlineData(Acuity.Emergency, "em")]
    [InlineData(Acuity.EmergencyDepartment, "em")]
    [InlineData(Acuity.Urgent, "ne")]
    [InlineData(Acuity.Routine, "ne")]
    [InlineData(Acuity.SelfCare, "sc")]
    public void ToClass_Acuity_MapsToEvalClass(Acuity acuity, string expected) => Assert.Equal(expected, TriageEvaluation.ToClass(acuity));

    [Theory]
    [InlineData("{\"case_description\": \"x\", \"urgency_level\": \"em\"}\nnot json", "line 2")]
    [InlineData("\n{\"case_description\": \"x\"}", "line 2: missing string \"urgency_level\"")]
    [InlineData("{\"case_description\": \"x\", \"urgency_level\": \"urgent\"}", "line 1: \"urgency_level\" is \"urgent\"")]
    [InlineData("[1,2]", "line 1: expected a JSON object")]
    [InlineData("", "no cases")]
    public void ParseCases_BadLine_ThrowsNamingTheLine(string content, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => TriageEvaluation.ParseCases(new StringReader(content)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_KnownCases_ComputesRatesAndConfusion()
    {
        var cases = new List<LabelledCase>
        {
            new(1, "crushing chest pain and sweating", "em"),
            new(2, "runny nose and sneezing", "sc"),
            new(3, "runny nose and sneezing", "em"),
            new(4, "crushing chest pain and sweating", "sc"),
        };

        var report = TriageEvaluation.Evaluate(TriageEngine.CreateDefault(), cases);

        Assert.Equal(4, report.N);
        Assert.Equal(0.5, report.Accuracy);
        Assert.Equal(0.5, report.EmergencyRecall);
        Assert.Equal(0.25, report.OverTriageRate);
        Assert.Equal(0.25, report.UnderTriageRate);
        Assert.Equal(1, report.Confusion[0, 2]);
        Assert.Equal(1, report.Confusion[2, 0]);
        Assert.Single(report.EmergencyBelowLevel2);
        Assert.Equal(2, report.Misses.Count);
    }

    [Fact]
    public void ToJson_Report_HasRequiredNumericKeys()
    {
        var report = TriageEvaluation.Evaluate(TriageEngine.CreateDefault(), [new LabelledCase(1, "runny nose", "sc")]);

        using var doc = System.Text.Json.JsonDocument.Parse(TriageEvaluation.ToJson(report));
        foreach (var key in new[] { "accuracy", "emergency_recall", "over_triage_rate", "under_triage_rate", "n" })
        {
            Assert.Equal(System.Text.Json.JsonValueKind.Number, doc.RootElement.GetProperty(key).ValueKind);
        }
    }

    [Theory]
    [InlineData(Acuity.Emergency, null)]
    [InlineData(Acuity.EmergencyDepartment, null)]
    [InlineData(Acuity.Urgent, null)]
    [InlineData(Acuity.Routine, null)]
    [InlineData(Acuity.SelfCare, null)]
    [InlineData(Acuity.Emergency, CrisisKind.Suicide)]
    [InlineData(Acuity.Emergency, CrisisKind.SelfHarm)]
    [InlineData(Acuity.Emergency, CrisisKind.HarmToOthers)]
    [InlineData(Acuity.Emergency, CrisisKind.Abuse)]
    public void For_EveryDisposition_HasDisclaimerEmergencyPathAndNoDiagnosis(Acuity acuity, CrisisKind? crisis)
    {
        var text = PatientDispositionText.For(acuity, crisis, true);

        Assert.Contains(PatientDispositionText.Disclaimer, text, StringComparison.Ordinal);
        Assert.Contains(MedPortal.Core.Safety.EmergencyGuidance.EmergencyPath, text, StringComparison.Ordinal);
        Assert.DoesNotContain("you have", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("diagnosed", text, StringComparison.OrdinalIgnoreCase);
        if (crisis is not null)
        {
            Assert.Contains("988", text, StringComparison.Ordinal);
        }
    }
}
