using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Consultations;

/// <summary>Starting a consultation is the patient's first click: it must never be lost.</summary>
public sealed class ConsultationStartTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const int Starts = 50;

    [Fact]
    public async Task StartConsultation_FiftyTimesInARow_EveryClickOpensANewChat()
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Patient), AccountClient.DemoPassword, "/consultations");
        var opened = new HashSet<string>();

        for (var i = 0; i < Starts; i++)
        {
            // Each start loads My consultations afresh (a new circuit), waits for it as a patient would, clicks once.
            await ChatPage.StartAsync(page);
            Assert.True(opened.Add(page.Url.Split('/').Last()), $"start {i + 1} reopened an earlier consultation");
        }

        await using var db = browser.App.CreateDb();
        var patientId = await db.Users.Where(u => u.NormalizedEmail == AccountClient.DemoEmail(Roles.Patient).ToUpperInvariant()).Select(u => u.Id).SingleAsync();
        var stored = await db.Consultations.Where(c => c.PatientId == patientId).Select(c => c.Id.ToString()).ToListAsync();
        Assert.Equal(Starts, stored.Count);
        Assert.Equal(opened.Order(), stored.Order());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task StartConsultation_CircuitNeverConnects_StillOpensTheChat()
    {
        // The handover from the prerendered page to the circuit, held open for good: Blazor's script never loads, so
        // the page stays the prerendered HTML. A start that is a circuit call is lost here; a form post is not.
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(await browser.App.NewPatientAsync(), AccountClient.DemoPassword, "/consultations");
        await page.Context.RouteAsync("**/_framework/blazor.web*.js", route => route.AbortAsync());
        await page.GotoAsync("/consultations");
        Assert.Equal("static", await page.Locator("main").GetAttributeAsync("data-circuit"));

        await page.Locator("[data-testid=start-consultation]").ClickAsync();
        await page.WaitForURLAsync(ChatUrl());

        var id = Guid.Parse(page.Url.Split('/').Last());
        await using var db = browser.App.CreateDb();
        Assert.True(await db.Consultations.AnyAsync(c => c.Id == id));
        Assert.Equal("static", await page.Locator("main").GetAttributeAsync("data-circuit"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task StartConsultation_Pressed_ButtonBusyAndSecondPressSendsNothing()
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(await browser.App.NewPatientAsync(), AccountClient.DemoPassword, "/consultations");
        var list = await new ConsultationsPage(page).OpenAsync();
        // Stands in for a slow answer: a listener registered after the page's own keeps the post from leaving, and
        // counts the submits that would have.
        await page.EvaluateAsync("""
            () => {
              window.submits = 0;
              document.addEventListener('submit', e => { if (!e.defaultPrevented) { window.submits++; } e.preventDefault(); });
            }
            """);

        await list.StartButton.ClickAsync();

        await Assertions.Expect(list.StartButton).ToBeDisabledAsync();
        await Assertions.Expect(list.StartButton).ToHaveAttributeAsync("aria-busy", "true");
        await Assertions.Expect(list.StartButton).ToContainTextAsync("Starting…");
        // A second submit while the first is on its way (a double press, Enter again) is stopped by the page.
        await page.Locator("form[data-busy-form]").EvaluateAsync("f => f.requestSubmit()");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.submits"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DiscardConsultation_EmptyByKeyboardConfirmed_GoneFromListAndDatabase()
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(await browser.App.NewPatientAsync(), AccountClient.DemoPassword, "/consultations");
        await ChatPage.StartAsync(page);
        var empty = page.Url.Split('/').Last();
        var chat = await ChatPage.StartAsync(page);
        var written = page.Url.Split('/').Last();
        await chat.SendAndWaitForReplyAsync("I have had a sore throat for two days");
        var list = await new ConsultationsPage(page).OpenAsync();

        // Only the consultation without a patient message offers Discard.
        await Assertions.Expect(list.Item(written).Locator("[data-testid=discard-consultation]")).ToHaveCountAsync(0);
        var discard = list.Item(empty).Locator("[data-testid=discard-consultation]");
        await discard.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(list.Dialog).ToBeVisibleAsync();
        // "Keep it" first: nothing happens.
        await list.Dialog.GetByRole(AriaRole.Button, new() { Name = "Keep it" }).PressAsync("Enter");
        await Assertions.Expect(list.Dialog).ToHaveCountAsync(0);
        await Assertions.Expect(list.Items).ToHaveCountAsync(2);
        await discard.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await list.Dialog.GetByRole(AriaRole.Button, new() { Name = "Discard" }).PressAsync("Enter");

        await Assertions.Expect(list.Item(empty)).ToHaveCountAsync(0);
        await Assertions.Expect(list.Items).ToHaveCountAsync(1);
        await using var db = browser.App.CreateDb();
        Assert.False(await db.Consultations.AnyAsync(c => c.Id == Guid.Parse(empty)));
        Assert.True(await db.Consultations.AnyAsync(c => c.Id == Guid.Parse(written)));
        Assert.True(await db.AuditEvents.AnyAsync(e => e.ResourceId == empty && e.Action == "consultation.discard"));
        await page.Context.CloseAsync();
    }

    private static System.Text.RegularExpressions.Regex ChatUrl() => new("/consultations/[0-9a-f-]{36}$");
}
