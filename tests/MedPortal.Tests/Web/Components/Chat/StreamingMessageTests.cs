using Bunit;
using MedPortal.Core.Consultations.Chat;
using MedPortal.Web.Components.Chat;

namespace MedPortal.Tests.Web.Components.Chat;

public sealed class StreamingMessageTests : ChatTestContext
{
    [Fact]
    public void NoTextYet_TypingIndicator()
    {
        using var feed = new ActiveReplies().Start(Guid.NewGuid());

        var cut = Render<StreamingMessage>(p => p.Add(c => c.Feed, feed));

        Assert.NotNull(cut.Find(".mp-typing"));
        Assert.Equal("true", cut.Find("[data-testid=streaming-message]").GetAttribute("aria-busy"));
    }

    [Fact]
    public void FeedPublishes_TextRenderedAsSanitisedMarkdown()
    {
        using var feed = new ActiveReplies().Start(Guid.NewGuid());
        var cut = Render<StreamingMessage>(p => p.Add(c => c.Feed, feed));

        feed.Publish("When did it **start**? <script>x</script>");

        cut.WaitForAssertion(() => Assert.Equal("start", cut.Find("strong").TextContent));
        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll(".mp-typing"));
    }

    [Fact]
    public void ManyUpdates_LastTextShown()
    {
        using var feed = new ActiveReplies().Start(Guid.NewGuid());
        var cut = Render<StreamingMessage>(p => p.Add(c => c.Feed, feed));
        var words = Enumerable.Range(1, 200).Select(i => $"w{i}").ToList();

        for (var i = 1; i <= words.Count; i++)
        {
            feed.Publish(string.Join(' ', words.Take(i)));
        }

        cut.WaitForAssertion(() => Assert.EndsWith("w200", cut.Find(".mp-msg-body").TextContent.Trim(), StringComparison.Ordinal));
    }
}
