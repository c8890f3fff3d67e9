using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Consultations;

public sealed class PatientChatTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private async Task<ChatPage> OpenChatAsync()
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Patient), AccountClient.DemoPassword, "/consultations");
        return await ChatPage.StartAsync(page);
    }

    [Fact]
    public async Task Send_CrushingChestPain_EmergencyBannerBeforeAnyAssistantText()
    {
        var chat = await OpenChatAsync();
        var greetings = await chat.AssistantMessages.CountAsync();
        // Record, in the browser, the order in which the banner and the first new assistant text appear.
        await chat.Page.EvaluateAsync("""
            (greetings) => {
              window.__order = [];
              const seen = new Set();
              new MutationObserver(() => {
                if (!seen.has('banner') && document.querySelector('[data-testid=emergency-banner]')) { seen.add('banner'); window.__order.push('banner'); }
                const replies = document.querySelectorAll('[data-testid=message][data-author=Assistant], [data-testid=streaming-message]');
                const fresh = [...replies].slice(greetings).some(r => r.querySelector('.mp-msg-body')?.innerText.trim().length > 0);
                if (!seen.has('assistant') && fresh) { seen.add('assistant'); window.__order.push('assistant'); }
              }).observe(document.body, { childList: true, subtree: true, characterData: true });
            }
            """, greetings);

        await chat.SendAsync("I have crushing chest pain spreading to my left arm and I'm sweating");

        await Assertions.Expect(chat.Banner).ToBeVisibleAsync();
        await Assertions.Expect(chat.Banner).ToContainTextAsync("911");
        await Assertions.Expect(chat.Page.Locator("[data-testid=message][data-author=Assistant][data-state=Complete]").Nth(greetings)).ToBeVisibleAsync();
        var order = await chat.Page.EvaluateAsync<string[]>("() => window.__order");
        Assert.Equal(["banner", "assistant"], order);
        await chat.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Send_HtmlAndScript_ShownAsText()
    {
        var chat = await OpenChatAsync();

        await chat.SendAndWaitForReplyAsync("<script>window.__pwned=1</script><b>bold</b> <img src=x onerror=\"window.__pwned=2\">");

        await Assertions.Expect(chat.PatientMessages.Last).ToContainTextAsync("<script>window.__pwned=1</script><b>bold</b>");
        Assert.Null(await chat.Page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        Assert.Equal(0, await chat.Page.Locator("[data-testid=messages] b, [data-testid=messages] img, [data-testid=messages] script").CountAsync());
        await chat.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Send_OverFourThousandCharacters_LimitMessageAndTextKept()
    {
        var chat = await OpenChatAsync();
        var text = new string('a', 4001);
        var before = await chat.PatientMessages.CountAsync();

        await chat.Input.FillAsync(text);
        await chat.Input.PressAsync("Enter");

        // Enter empties the box at once and puts the text back when the server refuses it, a round trip later; the
        // "Too long" count from typing is already showing in between. Wait for the text to come back before reading it.
        await Assertions.Expect(chat.Input).ToHaveValueAsync(text);
        await Assertions.Expect(chat.Page.Locator("[data-testid=char-count]")).ToContainTextAsync("Too long");
        await Assertions.Expect(chat.Page.Locator("[data-testid=send]")).ToBeDisabledAsync();
        Assert.Equal(before, await chat.PatientMessages.CountAsync());
        Assert.Equal(0, await chat.Page.Locator("[data-testid=pending-message]").CountAsync());
        await chat.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task Send_EmptyOrWhitespace_NothingSent()
    {
        var chat = await OpenChatAsync();

        await chat.Input.FillAsync("   \n  ");
        await chat.Input.PressAsync("Enter");

        await Assertions.Expect(chat.Page.Locator("[data-testid=send]")).ToBeDisabledAsync();
        Assert.Equal(0, await chat.PatientMessages.CountAsync());
        Assert.Equal(0, await chat.Page.Locator("[data-testid=pending-message]").CountAsync());
        await chat.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task ShiftEnter_NewLine_EnterSends()
    {
        var chat = await OpenChatAsync();

        await chat.Input.FillAsync("line one");
        await chat.Input.PressAsync("Shift+Enter");
        await chat.Input.PressSequentiallyAsync("line two");
        Assert.Equal(0, await chat.PatientMessages.CountAsync());
        await chat.Input.PressAsync("Enter");

        await Assertions.Expect(chat.PatientMessages).ToHaveCountAsync(1);
        Assert.Equal("line one\nline two", await chat.PatientMessages.First.Locator(".mp-msg-text").InnerTextAsync());
        await chat.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task MildSoreThroat_InterviewRecapConfirm_NurseWillReviewNoDispositionShown()
    {
        var chat = await OpenChatAsync();

        await chat.CompleteInterviewAsync("I have a mild sore throat since yesterday", "It started yesterday morning, about the same", "3 out of 10", "in my throat", "no", "no medicines", "no allergies", "no");
        await Assertions.Expect(chat.Recap).ToContainTextAsync("sore throat");
        await chat.ConfirmRecapAsync();

        await Assertions.Expect(chat.Input).ToHaveCountAsync(0);
        var text = await chat.Page.Locator("[data-testid=chat]").InnerTextAsync();
        Assert.Contains("A nurse will review this", text, StringComparison.Ordinal);
        foreach (var disposition in new[] { "Self-care", "SelfCare", "Routine", "acuity", "Acuity", "level 5" })
        {
            Assert.DoesNotContain(disposition, text, StringComparison.Ordinal);
        }
        await chat.Page.ReloadAsync();
        await Assertions.Expect(chat.Page.Locator("[data-testid=awaiting-nurse]")).ToBeVisibleAsync();
        await chat.Page.Context.CloseAsync();
    }
}
