using MedPortal.Core.Triage;

namespace MedPortal.Tests.Triage;

/// <summary>The generalisations made after blind set check9, each with its guard against over-reach.</summary>
public sealed class TriageCheck9Tests
{
    private static readonly TriageEngine Engine = TriageEngine.CreateDefault();

    [Theory]
    [InlineData("A 55-year-old woman has had heartburn after large meals for 2 weeks, relieved by antacids. No weight loss.", Acuity.SelfCare)]
    [InlineData("A 60-year-old man has heartburn for 3 weeks and has lost weight without trying.", Acuity.Routine)]
    public void Dyspepsia_AgeAloneDoesNotEscalateWeightLossDoes(string text, Acuity expected) =>
        Assert.Equal(expected, Engine.Assess(text).Acuity);

    [Theory]
    [InlineData("I am 9 weeks pregnant with morning sickness, I feel sick and vomit most mornings but I keep fluids down.", true)]
    [InlineData("I am 9 weeks pregnant and I have been vomiting all day and cannot keep anything down.", false)]
    public void NauseaInPregnancy_SelfCareOnlyWhileFluidsStayDown(string text, bool selfCare) =>
        Assert.Equal(selfCare, Engine.Assess(text).Acuity == Acuity.SelfCare);

    [Theory]
    [InlineData("my 3 year old has a barking cough and noisy breathing only when she cries", false)]
    [InlineData("my 3 year old has a barking cough and noisy breathing even when she is resting", true)]
    public void Croup_StridorOnlyWhenUpsetIsNotAnAirwayEmergency(string text, bool emergency) =>
        Assert.Equal(emergency, Engine.Assess(text).Acuity <= Acuity.EmergencyDepartment);
}

/// <summary>The generalisation made after blind set check10.</summary>
public sealed class TriageCheck10Tests
{
    private static readonly TriageEngine Engine = TriageEngine.CreateDefault();

    [Theory]
    [InlineData("a painful, red, watery left eye with blurred vision; I wear contact lenses", true)]
    [InlineData("a red, itchy left eye with some sticky discharge, vision normal", false)]
    public void RedEye_AdjectivesBetweenWordsStillRead_RedFlagsDecide(string text, bool emergency) =>
        Assert.Equal(emergency, Engine.Assess(text).Acuity <= Acuity.EmergencyDepartment);
}
