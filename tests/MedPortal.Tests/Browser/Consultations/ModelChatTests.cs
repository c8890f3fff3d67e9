using MedPortal.Core.Consultations;
using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using MedPortal.Web.Chat;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Consultations;

/// <summary>The app with a slow, scripted model: 40 words at 60 ms each, so a reply can be caught mid-stream.</summary>
public sealed class SlowModelFixture : BrowserFixture
{
    public const string Reply = "Thank you for telling me about that, it helps the nurse to know. I would like to understand a little more so the nurse has the full picture. When did this start, and has it been getting better, worse or staying the same since then?";

    public ScriptedChatClient Model { get; } = new(ScriptedChatClient.Words(Reply), TimeSpan.FromMilliseconds(60));

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IChatClient>(Model);
        services.AddSingleton<IAssistantModelReadiness>(new AlwaysReady());
    }

    internal sealed class AlwaysReady : IAssistantModelReadiness
    {
        public bool IsReady => true;
    }
}

public sealed class ModelChatTests(SlowModelFixture browser) : IClassFixture<SlowModelFixture>
{
    private async Task<ChatPage> OpenChatAsync()
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Patient), AccountClient.DemoPassword, "/consultations");
        return await ChatPage.StartAsync(page);
    }

    private async Task<List<ConsultationMessage>> StoredAsync(IPage page)
    {
        var id = Guid.Parse(page.Url.Split('/').Last());
        await using var db = browser.App.CreateDb();
        return await db.Messages.AsNoTracking().Where(m => m.ConsultationId == id).OrderBy(m => m.Sequence).ToListAsync();
    }

    [Fact]
    public async Task Reply_StreamsTokenByTokenAndShowsModelName()
    {
        var chat = await OpenChatAsync();

        await chat.SendAsync("I have had a sore throat since yesterday");

        await Assertions.Expect(chat.Streaming).ToContainTextAsync("Thank you");
        var partial = await chat.Streaming.InnerTextAsync();
        Assert.DoesNotContain("since then?", partial, StringComparison.Ordinal);
        await Assertions.Expect(chat.Page.Locator("[data-testid=message][data-author=Assistant][data-state=Complete]").Last).ToContainTextAsync("since then?", new() { Timeout = 15_000 });
        await Assertions.Expect(chat.Page.Locator("[data-testid=assistant-mode]")).ToContainTextAsync("scripted-model");
        await chat.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Refresh_MidReply_TranscriptRestoredNothingLostOrDuplicated()
    {
        var chat = await OpenChatAsync();
        await chat.SendAsync("My throat hurts when I swallow");
        await Assertions.Expect(chat.Streaming).ToContainTextAsync("telling me");

        await chat.Page.ReloadAsync();
        await chat.WaitReadyAsync();

        await Assertions.Expect(chat.PatientMessages).ToHaveCountAsync(1);
        await Assertions.Expect(chat.PatientMessages.First).ToContainTextAsync("My throat hurts when I swallow");
        // The interrupted reply is either followed to completion or kept as incomplete with its partial text.
        var reply = chat.Page.Locator("[data-testid=message][data-author=Assistant]").Last;
        await Assertions.Expect(reply).ToHaveAttributeAsync("data-state", new System.Text.RegularExpressions.Regex("^(Complete|Incomplete)$"), new() { Timeout = 15_000 });
        var stored = await StoredAsync(chat.Page);
        Assert.Single(stored, m => m.Author == MessageAuthor.Patient);
        Assert.DoesNotContain(stored, m => m.State == MessageState.Streaming && m.Author == MessageAuthor.Assistant && m.Content.Length == 0 && m != stored[^1]);
        Assert.Contains("Thank you", stored.Last(m => m.Author == MessageAuthor.Assistant).Content, StringComparison.Ordinal);
        await chat.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Stop_MidReply_PartialKeptIncompleteAndRetryCompletes()
    {
        var chat = await OpenChatAsync();
        await chat.SendAsync("I twisted my ankle playing football");
        await Assertions.Expect(chat.Streaming).ToContainTextAsync("telling me");

        await chat.Page.Locator("[data-testid=stop]").ClickAsync();

        var stopped = chat.Page.Locator("[data-testid=message][data-author=Assistant][data-state=Incomplete]");
        await Assertions.Expect(stopped).ToHaveCountAsync(1);
        await Assertions.Expect(stopped).ToContainTextAsync("This reply is incomplete");
        Assert.DoesNotContain("since then?", await stopped.InnerTextAsync(), StringComparison.Ordinal);

        await chat.Page.Locator("[data-testid=retry]").ClickAsync();

        await Assertions.Expect(chat.Page.Locator("[data-testid=message][data-author=Assistant][data-state=Complete]").Last)
            .ToContainTextAsync("since then?", new() { Timeout = 15_000 });
        var stored = await StoredAsync(chat.Page);
        Assert.Single(stored, m => m.Author == MessageAuthor.Patient);
        Assert.Single(stored, m => m.State == MessageState.Incomplete);
        await chat.Page.Context.CloseAsync();
    }
}
