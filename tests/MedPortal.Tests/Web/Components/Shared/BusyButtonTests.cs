using Bunit;
using MedPortal.Tests.Web.Components.Chat;
using MedPortal.Web.Components.Shared;

namespace MedPortal.Tests.Web.Components.Shared;

public sealed class BusyButtonTests : ChatTestContext
{
    [Fact]
    public void Idle_ShowsTheLabelAndClickCallsBack()
    {
        var clicks = 0;
        var cut = Render<BusyButton>(p => p
            .Add(c => c.Text, "Send decision")
            .Add(c => c.BusyText, "Sending…")
            .Add(c => c.OnClick, () => clicks++)
            .AddUnmatched("data-testid", "decide"));

        var button = cut.Find("button[data-testid=decide]");
        Assert.Equal("Send decision", button.TextContent.Trim());
        Assert.Equal("false", button.GetAttribute("aria-busy"));
        Assert.False(button.HasAttribute("disabled"));
        button.Click();
        Assert.Equal(1, clicks);
    }

    [Fact]
    public void Busy_SaysWhatItIsDoingShowsASpinnerAndCannotBePressed()
    {
        var cut = Render<BusyButton>(p => p
            .Add(c => c.Text, "Send decision")
            .Add(c => c.BusyText, "Sending…")
            .Add(c => c.Busy, true));

        var button = cut.Find("button");
        Assert.Equal("Sending…", button.TextContent.Trim());
        Assert.Equal("true", button.GetAttribute("aria-busy"));
        Assert.True(button.HasAttribute("disabled"));
        Assert.NotNull(cut.Find(".mud-progress-circular"));
    }

    [Fact]
    public void Submit_RendersASubmitButton()
    {
        var cut = Render<BusyButton>(p => p.Add(c => c.Text, "Save").Add(c => c.ButtonType, MudBlazor.ButtonType.Submit));

        Assert.Equal("submit", cut.Find("button").GetAttribute("type"));
    }
}
