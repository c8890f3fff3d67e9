using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using MedPortal.Web.Chat;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Consultations;

/// <summary>The app with a model that crashes after four words on its first reply, then works.</summary>
public sealed class FailingModelFixture : BrowserFixture
{
    public ScriptedChatClient Model { get; } = new(
        ScriptedChatClient.Words("Thanks for explaining. When did it start and is it getting worse?"), TimeSpan.FromMilliseconds(20), failAfterTokens: 4, failTimes: 1);

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IChatClient>(Model);
        services.AddSingleton<IAssistantModelReadiness>(new SlowModelFixture.AlwaysReady());
    }
}

public sealed class FailingModelChatTests(FailingModelFixture browser) : IClassFixture<FailingModelFixture>
{
    [Fact]
    public async Task ModelCrashesMidStream_ReplyMarkedIncomplete_RetryWorks()
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Patient), AccountClient.DemoPassword, "/consultations");
        var chat = await ChatPage.StartAsync(page);

        await chat.SendAsync("I have a rash on my arm");

        var failed = page.Locator("[data-testid=message][data-author=Assistant][data-state=Incomplete]");
        await Assertions.Expect(failed).ToContainTextAsync("Thanks for explaining. When");
        await Assertions.Expect(chat.Error).ToContainTextAsync("The assistant stopped unexpectedly");
        await Assertions.Expect(chat.PatientMessages).ToHaveCountAsync(1);

        await page.Locator("[data-testid=retry]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=message][data-author=Assistant][data-state=Complete]").Last).ToContainTextAsync("getting worse?");
        await Assertions.Expect(chat.Error).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
