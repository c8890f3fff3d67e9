using MedPortal.Core.Triage;

namespace MedPortal.Tests.Triage;

public sealed class TriageCrisisTests
{
    private static readonly TriageEngine Engine = TriageEngine.CreateDefault();

    [Theory]
    [InlineData("I want to kill myself", CrisisKind.Suicide)]
    [InlineData("i've been feeling sucidal", CrisisKind.Suicide)]
    [InlineData("I don't want to wake up tomorrow", CrisisKind.Suicide)]
    [InlineData("everyone would be better off without me", CrisisKind.Suicide)]
    [InlineData("I'm going to end it all", CrisisKind.Suicide)]
    [InlineData("thinking about ending my life", CrisisKind.Suicide)]
    [InlineData("I wish I was dead", CrisisKind.Suicide)]
    [InlineData("no reason to go on living", CrisisKind.Suicide)]
    [InlineData("Patient reports suicidal ideation with a plan", CrisisKind.Suicide)]
    [InlineData("I've been cutting myself again", CrisisKind.SelfHarm)]
    [InlineData("I have urges to hurt myself", CrisisKind.SelfHarm)]
    [InlineData("I want to hurt my husband", CrisisKind.HarmToOthers)]
    [InlineData("I'm having homicidal thoughts", CrisisKind.HarmToOthers)]
    [InlineData("My partner hits me and I'm afraid to go home", CrisisKind.Abuse)]
    [InlineData("I was sexually assaulted", CrisisKind.Abuse)]
    public void Assess_CrisisPhrasing_IsLevel1CrisisWith988(string text, CrisisKind kind)
    {
        var result = Engine.Assess(text);

        Assert.True(result.IsCrisis);
        Assert.Equal(kind, result.Crisis);
        Assert.Equal(Acuity.Emergency, result.Acuity);
        Assert.Contains("988", result.PatientDisposition, StringComparison.Ordinal);
        Assert.Contains("911", result.PatientDisposition, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("I'm not suicidal")]
    [InlineData("No thoughts of self-harm.")]
    [InlineData("Denies suicidal ideation.")]
    [InlineData("this headache is killing me")]
    [InlineData("dying to know my results")]
    [InlineData("my cat died and I'm sad")]
    [InlineData("I cut myself shaving")]
    [InlineData("History of self-harm as a teenager, none for ten years.")]
    [InlineData("I don't want to die from this infection")]
    [InlineData("My dad beat me at chess")]
    public void Assess_HardNegative_IsNotCrisis(string text)
    {
        var result = Engine.Assess(text);

        Assert.False(result.IsCrisis, string.Join(", ", result.FiredRules.Select(r => r.RuleId)));
        Assert.Null(result.Crisis);
    }

    [Fact]
    public void Assess_CrisisAmongPhysicalSymptoms_StillCrisis()
    {
        var result = Engine.Assess(["I have had a cough for a week", "honestly I don't want to be here anymore, I want to die"]);

        Assert.True(result.IsCrisis);
        Assert.Equal(1, result.FiredRules.First(r => r.RuleId == "CR-SUI-001").Evidence[0].MessageIndex);
    }
}
