using MedPortal.Core.Consultations.Chat;
using MedPortal.Core.Triage;

namespace MedPortal.Tests.Core.Consultations;

public sealed class AcuityRulesTests
{
    [Theory]
    [InlineData(Acuity.Urgent, null, Acuity.Urgent)]
    [InlineData(Acuity.Urgent, Acuity.SelfCare, Acuity.Urgent)]
    [InlineData(Acuity.Urgent, Acuity.EmergencyDepartment, Acuity.EmergencyDepartment)]
    [InlineData(Acuity.Emergency, Acuity.SelfCare, Acuity.Emergency)]
    public void RaiseOnly_ModelOpinion_NeverBelowRules(Acuity rules, Acuity? model, Acuity expected) =>
        Assert.Equal(expected, AcuityRules.RaiseOnly(rules, model));

    [Theory]
    [InlineData("{\"acuity\": 3, \"rationale\": \"Needs review today.\"}", 3, "Needs review today.")]
    [InlineData("Sure! {\"acuity\":2,\"rationale\":\"x\"} hope that helps", 2, "x")]
    [InlineData("{\"acuity\": 9}", null, null)]
    [InlineData("not json at all", null, null)]
    [InlineData("{\"acuity\": \"high\"", null, null)]
    public void ModelOpinionParse_VariousOutputs_OnlyValidLevelsKept(string text, int? acuity, string? rationale)
    {
        var opinion = ModelOpinion.Parse(text, "m");

        Assert.Equal(acuity, (int?)opinion?.Acuity);
        Assert.Equal(rationale, opinion?.Rationale);
    }
}
