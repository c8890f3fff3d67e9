using Bunit;
using MedPortal.Core.Consultations.Chat;
using MedPortal.Core.Consultations.TextMining;
using MedPortal.Web.Components.Chat;

namespace MedPortal.Tests.Web.Components.Chat;

public sealed class RecapPanelTests : ChatTestContext
{
    [Fact]
    public void Recap_ReportedFactsOnlyAsLabelledLines()
    {
        var recap = Recap.From(new CaseFacts { ChiefComplaint = "headache", Severity = 6, Allergies = [] });

        var cut = Render<RecapPanel>(p => p.Add(c => c.Recap, recap));

        Assert.Equal(["Main concern", "Severity"], cut.FindAll("dt").Select(e => e.TextContent));
        Assert.Equal(["headache", "6 out of 10"], cut.FindAll("dd").Select(e => e.TextContent));
    }

    [Fact]
    public void EmptyRecap_SaysTheNurseReadsEverything()
    {
        var cut = Render<RecapPanel>(p => p.Add(c => c.Recap, Recap.From(new CaseFacts())));

        Assert.Empty(cut.FindAll("dl"));
        Assert.Contains("could not pick out details", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Buttons_ConfirmAndCancelCallBack()
    {
        var confirmed = 0;
        var cancelled = 0;
        var cut = Render<RecapPanel>(p => p
            .Add(c => c.Recap, Recap.From(new CaseFacts { ChiefComplaint = "cough" }))
            .Add(c => c.OnConfirm, () => confirmed++)
            .Add(c => c.OnCancel, () => cancelled++));

        cut.Find("button[data-testid=confirm-recap]").Click();
        cut.Find("button[data-testid=keep-chatting]").Click();

        Assert.Equal((1, 1), (confirmed, cancelled));
    }

    [Fact]
    public void Busy_KeepChattingDisabled()
    {
        var cut = Render<RecapPanel>(p => p.Add(c => c.Recap, Recap.From(new CaseFacts { ChiefComplaint = "cough" })).Add(c => c.Busy, true));

        Assert.True(cut.Find("button[data-testid=keep-chatting]").HasAttribute("disabled"));
    }
}
