using System.Text.RegularExpressions;
using Bunit;
using MedPortal.Core.Safety;
using MedPortal.Core.Triage;
using MedPortal.Web.Components.Chat;

namespace MedPortal.Tests.Web.Components.Chat;

public sealed class EmergencyBannerTests : ChatTestContext
{
    [Fact]
    public void MedicalEmergency_EmergencyTextOnlyNoCrisisLine()
    {
        var cut = Render<EmergencyBanner>(p => p.Add(c => c.Screening, Screening(Acuity.Emergency, false, null, Rule("RF-CARD-001", Acuity.Emergency))));

        Assert.Equal(EmergencyGuidance.EmergencyAction, cut.Find("[data-testid=emergency-action]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=crisis-action]"));
        Assert.DoesNotContain("988", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("tel:911", cut.Find("[data-testid=dial-emergency]").GetAttribute("href"));
        Assert.Equal("alert", cut.Find("section").GetAttribute("role"));
    }

    [Fact]
    public void CrisisOnly_OneCrisisTextNoMedicalEmergencyWording()
    {
        var cut = Render<EmergencyBanner>(p => p.Add(c => c.Screening, Screening(Acuity.Emergency, true, "Suicide", Rule("CR-SUI-001", Acuity.Emergency))));

        var text = cut.Find("section").TextContent;
        Assert.Equal(1, Regex.Count(text, Regex.Escape(EmergencyGuidance.CrisisAction)));
        Assert.Equal(1, Regex.Count(text, "Suicide & Crisis Lifeline"));
        Assert.Empty(cut.FindAll("[data-testid=emergency-action]"));
        Assert.DoesNotContain(EmergencyGuidance.EmergencyTitle, text, StringComparison.Ordinal);
        Assert.DoesNotContain("drive yourself", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("emergency help now", text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("tel:988", cut.Find("[data-testid=dial-crisis]").GetAttribute("href"));
    }

    [Fact]
    public void CrisisAndMedicalEmergency_BothShownOnce()
    {
        var cut = Render<EmergencyBanner>(p => p.Add(c => c.Screening,
            Screening(Acuity.Emergency, true, "SelfHarm", Rule("CR-SH-001", Acuity.Emergency), Rule("RF-CARD-001", Acuity.Emergency))));

        Assert.Single(cut.FindAll("[data-testid=crisis-action]"));
        Assert.Single(cut.FindAll("[data-testid=emergency-action]"));
        Assert.Equal("True", cut.Find("section").GetAttribute("data-emergency"));
        Assert.Equal("True", cut.Find("section").GetAttribute("data-crisis"));
    }

    [Fact]
    public void Abuse_AddsTheHotline()
    {
        var cut = Render<EmergencyBanner>(p => p.Add(c => c.Screening, Screening(Acuity.Emergency, true, "Abuse", Rule("CR-AB-001", Acuity.Emergency))));

        Assert.Contains(EmergencyGuidance.DomesticViolenceNumber, cut.Find("[data-testid=abuse-line]").TextContent, StringComparison.Ordinal);
    }
}
