using MedPortal.Core.Consultations.Interview;

namespace MedPortal.Tests.Core.Consultations;

public sealed class InterviewProtocolTests
{
    private static InterviewFacts Facts(string[]? known = null, InterviewSlot[]? redFlags = null, bool pregnancy = false, bool emergency = false) =>
        new(new HashSet<string>(known ?? []), redFlags ?? [], pregnancy, emergency);

    [Fact]
    public void Next_NothingAsked_AsksComplaint() =>
        Assert.Equal("complaint", InterviewProtocol.Next(Facts(), []).Slot!.Key);

    [Fact]
    public void Next_OnsetAlreadyKnown_SkipsToSeverity() =>
        Assert.Equal("severity", InterviewProtocol.Next(Facts(["complaint", "onset"]), ["complaint"]).Slot!.Key);

    [Fact]
    public void Next_RedFlagQuestions_AskedAfterBasicsBeforeHistory()
    {
        var redFlag = new InterviewSlot("red_flag.chest_pain.radiation", "Does the pain spread to your arm, jaw or back?");
        var asked = new[] { "complaint", "onset", "severity", "location", "associated" };

        var step = InterviewProtocol.Next(Facts(redFlags: [redFlag]), asked);

        Assert.Equal(redFlag, step.Slot);
    }

    [Fact]
    public void Next_AtMostThreeRedFlagQuestions()
    {
        var flags = Enumerable.Range(1, 5).Select(i => new InterviewSlot($"rf{i}", $"q{i}")).ToArray();
        var asked = new List<string> { "complaint", "onset", "severity", "location", "associated", "rf1", "rf2", "rf3" };

        Assert.Equal("medications", InterviewProtocol.Next(Facts(redFlags: flags), asked).Slot!.Key);
    }

    [Fact]
    public void Next_PregnancyOnlyWhenRelevant()
    {
        var asked = new[] { "complaint", "onset", "severity", "location", "associated", "medications", "allergies", "conditions" };

        Assert.Equal("age", InterviewProtocol.Next(Facts(), asked).Slot!.Key);
        Assert.Equal("pregnancy", InterviewProtocol.Next(Facts(pregnancy: true), asked).Slot!.Key);
    }

    [Fact]
    public void Next_Emergency_StopsRoutineQuestions() =>
        Assert.Equal(InterviewStepKind.EmergencyStop, InterviewProtocol.Next(Facts(emergency: true), []).Kind);

    [Fact]
    public void Next_EverythingAsked_ReadyForRecap() =>
        Assert.Equal(InterviewStepKind.ReadyForRecap, InterviewProtocol.Next(Facts(["age"]), InterviewProtocol.StandardSlots.Select(s => s.Key).ToList()).Kind);
}
