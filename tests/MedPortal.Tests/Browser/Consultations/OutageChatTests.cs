using MedPortal.Core.Consultations;
using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Consultations;

/// <summary>The app on a PostgreSQL of its own, which the tests stop and restart.</summary>
public sealed class PrivateClusterFixture : BrowserFixture
{
    public PrivateCluster Cluster { get; private set; } = null!;

    protected override async Task<TestDatabase> CreateDatabaseAsync()
    {
        Cluster = await PrivateCluster.StartAsync();
        return await Cluster.CreateDatabaseAsync();
    }

    protected override async ValueTask DisposeExtraAsync() => await Cluster.DisposeAsync();
}

public sealed class OutageChatTests(PrivateClusterFixture browser) : IClassFixture<PrivateClusterFixture>
{
    [Fact]
    public async Task Send_WhileDatabaseDown_MessageKeptRetriedAndStoredOnce()
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Patient), AccountClient.DemoPassword, "/consultations");
        var chat = await ChatPage.StartAsync(page);
        var id = Guid.Parse(page.Url.Split('/').Last());

        await browser.Cluster.StopAsync();
        try
        {
            await chat.SendAsync("I have had a headache for three days");
            await Assertions.Expect(page.Locator("[data-testid=pending-message]")).ToContainTextAsync("Not sent yet", new() { Timeout = 10_000 });
            Assert.Equal("", await chat.Input.InputValueAsync());
        }
        finally
        {
            await browser.Cluster.RestartAsync();
        }

        await Assertions.Expect(chat.PatientMessages).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("[data-testid=pending-message]")).ToHaveCountAsync(0);
        await using var db = browser.App.CreateDb();
        var stored = await db.Messages.Where(m => m.ConsultationId == id && m.Author == MessageAuthor.Patient).Select(m => m.Content).ToListAsync();
        Assert.Equal(["I have had a headache for three days"], stored);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Send_TwentyMessagesWithinOneSecond_EachStoredOnceInOrder()
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Patient), AccountClient.DemoPassword, "/consultations");
        var chat = await ChatPage.StartAsync(page);
        var id = Guid.Parse(page.Url.Split('/').Last());
        var texts = Enumerable.Range(1, 20).Select(i => $"quick message {i}").ToList();

        // All twenty Enter presses inside one script run: well within one second, faster than any typist.
        var elapsedMs = await page.EvaluateAsync<double>("""
            (texts) => {
              const box = document.querySelector('[data-testid=chat-input]');
              const start = performance.now();
              for (const t of texts) {
                box.value = t;
                box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
              }
              return performance.now() - start;
            }
            """, texts);

        await Assertions.Expect(chat.PatientMessages).ToHaveCountAsync(20, new() { Timeout = 20_000 });
        Assert.True(elapsedMs < 1000, $"the twenty sends took {elapsedMs} ms in the page");
        await using var db = browser.App.CreateDb();
        var stored = await db.Messages.Where(m => m.ConsultationId == id && m.Author == MessageAuthor.Patient)
            .OrderBy(m => m.Sequence).Select(m => m.Content).ToListAsync();
        Assert.Equal(texts, stored);
        await page.Context.CloseAsync();
    }
}
