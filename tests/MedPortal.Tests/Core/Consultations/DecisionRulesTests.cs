using MedPortal.Core.Consultations.NurseQueue;
using MedPortal.Core.Triage;

namespace MedPortal.Tests.Core.Consultations;

public sealed class DecisionRulesTests
{
    [Fact]
    public void Mismatch_EachLevelWithItsUsualDisposition_Fits()
    {
        foreach (var level in Enum.GetValues<Acuity>())
        {
            Assert.Null(DecisionRules.Mismatch(level, DispositionText.For(level)));
        }
    }

    [Fact]
    public void Mismatch_RoutineWithSeeAClinicianWithin24Hours_MoreUrgentMismatch()
    {
        var mismatch = DecisionRules.Mismatch(Acuity.Routine, Disposition.SeeClinicianWithin24Hours);

        Assert.NotNull(mismatch);
        Assert.False(mismatch.LessUrgent);
        Assert.Equal(Disposition.BookRoutineAppointment, mismatch.Usual);
        Assert.Contains("4 · Routine", mismatch.Message, StringComparison.Ordinal);
        Assert.Contains("See a clinician within 24 hours", mismatch.Message, StringComparison.Ordinal);
        Assert.Contains("more urgent", mismatch.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Acuity.Emergency)]
    [InlineData(Acuity.EmergencyDepartment)]
    public void Mismatch_EmergencyLevelWithSelfCare_LessUrgentMismatch(Acuity level)
    {
        var mismatch = DecisionRules.Mismatch(level, Disposition.SelfCare);

        Assert.NotNull(mismatch);
        Assert.True(mismatch.LessUrgent);
        Assert.Contains("less urgent", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mismatch_EveryOtherPair_MismatchedAndDirectionFollowsTheLevels()
    {
        var pairs = 0;
        foreach (var level in Enum.GetValues<Acuity>())
        {
            foreach (var disposition in Enum.GetValues<Disposition>().Where(d => d != DispositionText.For(level)))
            {
                var mismatch = DecisionRules.Mismatch(level, disposition);
                Assert.NotNull(mismatch);
                Assert.Equal(DecisionRules.UrgencyOf(disposition) > level, mismatch.LessUrgent);
                pairs++;
            }
        }
        Assert.Equal(20, pairs);
    }

    [Fact]
    public void UrgencyOf_UsualDisposition_RoundTrips()
    {
        foreach (var level in Enum.GetValues<Acuity>())
        {
            Assert.Equal(level, DecisionRules.UrgencyOf(DispositionText.For(level)));
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void OverrideReasonProblem_OverrideWithoutReason_AsksForOne(string? reason)
    {
        Assert.Contains("give a reason for the override", DecisionRules.OverrideReasonProblem(Acuity.Urgent, Acuity.Routine, reason), StringComparison.Ordinal);
    }

    [Fact]
    public void OverrideReasonProblem_AcceptedOrReasoned_NoProblem()
    {
        Assert.Null(DecisionRules.OverrideReasonProblem(Acuity.Urgent, Acuity.Urgent, null));
        Assert.Null(DecisionRules.OverrideReasonProblem(Acuity.Urgent, Acuity.Routine, "Symptoms for a week, not a day."));
    }

    [Fact]
    public void OverrideReasonProblem_TooLong_SaysTheLimit()
    {
        var problem = DecisionRules.OverrideReasonProblem(Acuity.Urgent, Acuity.Routine, new string('x', NurseReview.MaxReasonLength + 1));

        Assert.Contains("the limit is 2,000", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void MessageProblem_EmptyTooLongOrFine()
    {
        Assert.Contains("Write a message", DecisionRules.MessageProblem("  "), StringComparison.Ordinal);
        Assert.Contains("the limit is 4,000", DecisionRules.MessageProblem(new string('x', NurseReview.MaxMessageLength + 1)), StringComparison.Ordinal);
        Assert.Null(DecisionRules.MessageProblem(" Please rest and drink fluids. "));
    }
}
