using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Pages;

/// <summary>The patient's consultation chat.</summary>
public sealed class ChatPage(IPage page)
{
    public IPage Page => page;

    public ILocator Input => page.Locator("[data-testid=chat-input]");

    public ILocator Banner => page.Locator("[data-testid=emergency-banner]");

    public ILocator Messages => page.Locator("[data-testid=message]");

    public ILocator PatientMessages => page.Locator("[data-testid=message][data-author=Patient]");

    public ILocator AssistantMessages => page.Locator("[data-testid=message][data-author=Assistant]");

    public ILocator Streaming => page.Locator("[data-testid=streaming-message]");

    public ILocator Error => page.Locator("[data-testid=chat-error]");

    public ILocator Recap => page.Locator("[data-testid=recap]");

    /// <summary>From "My consultations", starts a consultation and waits for the greeting.</summary>
    public static async Task<ChatPage> StartAsync(IPage page)
    {
        await page.GotoAsync("/consultations");
        await page.Locator("main[data-circuit=ready]").WaitForAsync();
        // Click once the page has finished loading the list, as a patient would.
        await Assertions.Expect(page.Locator("[aria-label='Loading your consultations']")).ToHaveCountAsync(0);
        await page.Locator("[data-testid=start-consultation]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/consultations/", StringComparison.Ordinal));
        var chat = new ChatPage(page);
        await chat.WaitReadyAsync();
        return chat;
    }

    public async Task WaitReadyAsync()
    {
        await page.Locator("[data-testid=chat]").WaitForAsync();
        await page.Locator("[data-testid=message][data-author=Assistant]").First.WaitForAsync();
        // The input is wired to Enter by a JS module a round trip after the first interactive render; before that,
        // Enter types a new line.
        await page.Locator("[data-testid=chat-input][data-enter-sends=true]").WaitForAsync();
    }

    /// <summary>Types a message and presses Enter.</summary>
    public async Task SendAsync(string text)
    {
        await Input.FillAsync(text);
        await Input.PressAsync("Enter");
    }

    /// <summary>
    /// Answers the interview's questions with <paramref name="answers"/> (the last one repeated) until the recap shows.
    /// </summary>
    public async Task CompleteInterviewAsync(string complaint, params string[] answers)
    {
        await SendAndWaitForReplyAsync(complaint);
        for (var turn = 0; turn < 20 && await Recap.CountAsync() == 0; turn++)
        {
            await SendAndWaitForReplyAsync(answers[Math.Min(turn, answers.Length - 1)]);
        }
        await Assertions.Expect(Recap).ToBeVisibleAsync();
    }

    /// <summary>Confirms the recap and waits for the "a nurse will review this" notice.</summary>
    public async Task ConfirmRecapAsync()
    {
        await page.Locator("[data-testid=confirm-recap]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=awaiting-nurse]")).ToBeVisibleAsync();
    }

    /// <summary>Sends and waits for the assistant's reply to finish.</summary>
    public async Task SendAndWaitForReplyAsync(string text)
    {
        var before = await AssistantMessages.CountAsync();
        await SendAsync(text);
        await Assertions.Expect(page.Locator($"[data-testid=message][data-author=Assistant][data-state=Complete] >> nth={before}")).ToBeVisibleAsync();
    }
}
