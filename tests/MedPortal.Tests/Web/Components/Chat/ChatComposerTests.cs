using Bunit;
using MedPortal.Core.Consultations.Chat;
using MedPortal.Core.Consultations.TextMining;
using MedPortal.Web.Components.Chat;

namespace MedPortal.Tests.Web.Components.Chat;

public sealed class ChatComposerTests : ChatTestContext
{
    private int reviews;

    private IRenderedComponent<ChatComposer> RenderComposer(bool canReview = true, bool emergency = false, bool streaming = false, bool sending = false, Recap? recap = null) =>
        Render<ChatComposer>(p => p
            .Add(c => c.OnSend, _ => Task.FromResult(true))
            .Add(c => c.CanReview, canReview)
            .Add(c => c.Emergency, emergency)
            .Add(c => c.Streaming, streaming)
            .Add(c => c.Sending, sending)
            .Add(c => c.Recap, recap)
            .Add(c => c.OnReview, () => reviews++));

    [Fact]
    public void NothingSaidYet_NoReviewButton()
    {
        var cut = RenderComposer(canReview: false);

        Assert.Empty(cut.FindAll("[data-testid=review]"));
        Assert.NotNull(cut.Find("[data-testid=chat-input]"));
    }

    [Fact]
    public void PatientHasSpoken_ReviewButtonAsksForTheRecap()
    {
        var cut = RenderComposer();

        cut.Find("button[data-testid=review]").Click();

        Assert.Equal(1, reviews);
        Assert.False(cut.Find("button[data-testid=review]").ClassList.Contains("mud-button-filled-error"));
    }

    [Fact]
    public void Emergency_ReviewButtonStandsOut()
    {
        var cut = RenderComposer(emergency: true);

        Assert.True(cut.Find("button[data-testid=review]").ClassList.Contains("mud-button-filled-error"));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void ReplyStreamingOrMessageUnsent_ReviewDisabled(bool streaming, bool sending)
    {
        var cut = RenderComposer(streaming: streaming, sending: sending);

        Assert.True(cut.Find("button[data-testid=review]").HasAttribute("disabled"));
    }

    [Fact]
    public void RecapShown_ReplacesTheReviewButton()
    {
        var cut = RenderComposer(recap: Recap.From(new CaseFacts { ChiefComplaint = "cough" }));

        Assert.NotNull(cut.Find("[data-testid=recap]"));
        Assert.Empty(cut.FindAll("[data-testid=review]"));
    }
}
