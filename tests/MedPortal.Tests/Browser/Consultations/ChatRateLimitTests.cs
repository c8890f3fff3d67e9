using MedPortal.Core.Consultations;
using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Consultations;

/// <summary>The app with a chat limit of 2 messages per 5 seconds per user.</summary>
public sealed class ChatRateLimitFixture : BrowserFixture
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["RateLimits:ChatSend:PermitLimit"] = "2",
        ["RateLimits:ChatSend:WindowSeconds"] = "5",
    };
}

public sealed class ChatRateLimitTests(ChatRateLimitFixture browser) : IClassFixture<ChatRateLimitFixture>
{
    [Fact]
    public async Task Send_OverPerUserLimit_NoticeShownThenEachStoredOnceInOrder()
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Patient), AccountClient.DemoPassword, "/consultations");
        var chat = await ChatPage.StartAsync(page);
        var id = Guid.Parse(page.Url.Split('/').Last());
        var texts = new[] { "limited message 1", "limited message 2", "limited message 3" };

        await page.EvaluateAsync("""
            (texts) => {
              const box = document.querySelector('[data-testid=chat-input]');
              for (const t of texts) {
                box.value = t;
                box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
              }
            }
            """, texts);

        // Any of the three may still be pending when the notice appears; the throttled one carries it.
        var throttled = page.Locator("[data-testid=pending-message]", new() { HasText = "faster than the clinic accepts" });
        await Assertions.Expect(throttled).ToHaveCountAsync(1);
        await Assertions.Expect(throttled).ToContainTextAsync("limited message 3");
        await Assertions.Expect(chat.PatientMessages).ToHaveCountAsync(3, new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("[data-testid=pending-message]")).ToHaveCountAsync(0);
        await using var db = browser.App.CreateDb();
        var stored = await db.Messages.Where(m => m.ConsultationId == id && m.Author == MessageAuthor.Patient)
            .OrderBy(m => m.Sequence).Select(m => m.Content).ToListAsync();
        Assert.Equal(texts, stored);
        await page.Context.CloseAsync();
    }
}
