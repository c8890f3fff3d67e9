using System.Diagnostics;
using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace MedPortal.Tests.Browser.Triage;

/// <summary>A second app instance on the same database: the nurse watches it while the patient uses the first.</summary>
public sealed class TwoInstanceFixture : BrowserFixture
{
    private MedPortalApp? second;

    public Uri SecondAddress { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        second = new MedPortalApp(TestDatabase.ForExisting(App.Database));
        SecondAddress = await second.StartKestrelAsync();
    }

    protected override async ValueTask DisposeExtraAsync()
    {
        if (second is not null)
        {
            await second.DisposeAsync();
        }
    }

    public async Task<IPage> NewPageOnSecondAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = SecondAddress.ToString().TrimEnd('/') });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }
}

public sealed class NurseQueueTests(TwoInstanceFixture browser, ITestOutputHelper output) : IClassFixture<TwoInstanceFixture>
{
    private async Task<ChatPage> SubmittedSoreThroatAsync(IPage page)
    {
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Patient), AccountClient.DemoPassword, "/consultations");
        var chat = await ChatPage.StartAsync(page);
        await chat.CompleteInterviewAsync("I have a mild sore throat since yesterday", "It started yesterday morning", "3 out of 10", "in my throat", "no", "no medicines", "no allergies", "no");
        return chat;
    }

    private static async Task<IPage> OpenQueueAsync(IPage page, string? email = null)
    {
        await new LoginPage(page).SignInAsync(email ?? AccountClient.DemoEmail(Roles.Nurse), AccountClient.DemoPassword, "/triage");
        await page.Locator("main[data-circuit=ready]").WaitForAsync();
        await page.Locator("[data-testid=queue-total]").WaitForAsync();
        return page;
    }

    // A full navigation prerenders the page first: the claim button is there before the circuit that handles its
    // click. Wait for the circuit, or the click lands on static HTML and is lost.
    private static async Task OpenCaseAsync(IPage page, string assessmentId)
    {
        await page.GotoAsync($"/triage/{assessmentId}");
        await new ShellPage(page).WaitForCircuitAsync();
        await page.Locator("[data-testid=claim]").WaitForAsync();
    }

    private static async Task<int> OpenCountAsync(IPage page) =>
        int.Parse((await page.Locator("[data-testid=queue-total]").InnerTextAsync()).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> SecondNurseAsync()
    {
        const string email = "second.nurse@example.org";
        using var scope = browser.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MedPortalUser>>();
        if (await users.FindByEmailAsync(email) is null)
        {
            var user = new MedPortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Second Nurse" };
            Assert.True((await users.CreateAsync(user, AccountClient.DemoPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Nurse)).Succeeded);
        }
        return email;
    }

    [Fact]
    public async Task PatientSubmitsOnInstanceA_NurseQueueOnInstanceB_CaseAppearsWithoutReload()
    {
        var nurse = await OpenQueueAsync(await browser.NewPageOnSecondAsync());
        var before = await OpenCountAsync(nurse);
        var chat = await SubmittedSoreThroatAsync(await browser.NewPageAsync());

        var clock = Stopwatch.StartNew();
        await chat.Page.Locator("[data-testid=confirm-recap]").ClickAsync();
        await Assertions.Expect(nurse.Locator("[data-testid=queue-total]")).ToHaveTextAsync($"{before + 1} open {(before + 1 == 1 ? "case" : "cases")}", new() { Timeout = 10_000 });
        output.WriteLine($"queue updated on the other instance {clock.ElapsedMilliseconds} ms after the patient's click");

        await Assertions.Expect(nurse.Locator("[data-testid=queue-row]")).ToHaveCountAsync(before + 1);
        Assert.Equal(0, await nurse.Locator("[data-testid=triage-queue-empty]").CountAsync());
        await nurse.Context.CloseAsync();
        await chat.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task NurseOverridesWithReason_PatientSeesNurseMessageLive()
    {
        var chat = await SubmittedSoreThroatAsync(await browser.NewPageAsync());
        await chat.ConfirmRecapAsync();
        var nurse = await OpenQueueAsync(await browser.NewPageAsync());

        var consultationId = chat.Page.Url.Split('/')[^1];
        await nurse.Locator($"[data-testid=queue-row][data-consultation='{consultationId}']").ClickAsync();
        await nurse.Locator("[data-testid=transcript]").WaitForAsync();
        await Assertions.Expect(nurse.Locator("[data-testid=transcript]")).ToContainTextAsync("mild sore throat");
        await nurse.Locator("[data-testid=claim]").ClickAsync();
        var aiLevel = int.Parse(await nurse.Locator("[data-testid=ai-acuity]").GetAttributeAsync("data-level") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var overrideLevel = aiLevel == 3 ? 4 : 3;
        await nurse.Locator($"[data-testid=level-{overrideLevel}]").CheckAsync();
        await nurse.Locator("[data-testid=patient-message]").FillAsync("Please see a clinician within 24 hours so we can look at your throat.");
        await nurse.Locator("[data-testid=decide]").ClickAsync();
        await Assertions.Expect(nurse.Locator("[data-testid=decision-error]")).ToContainTextAsync("give a reason for the override");
        await Assertions.Expect(chat.Page.Locator("[data-testid=message][data-author=Nurse]")).ToHaveCountAsync(0);

        await nurse.Locator("[data-testid=override-reason]").FillAsync("Symptoms for longer than the patient first said.");
        await nurse.Locator("[data-testid=decide]").ClickAsync();
        await Assertions.Expect(nurse.Locator("[data-testid=decided]")).ToContainTextAsync("overrode the AI");

        var nurseMessage = chat.Page.Locator("[data-testid=message][data-author=Nurse]");
        await Assertions.Expect(nurseMessage).ToContainTextAsync("Please see a clinician within 24 hours so we can look at your throat.");
        await Assertions.Expect(chat.Page.Locator("[data-testid=nurse-decided]")).ToBeVisibleAsync();
        await Assertions.Expect(nurseMessage).ToContainTextAsync("911");
        await nurse.Context.CloseAsync();
        await chat.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task NurseChoosesADispositionThatDoesNotFitTheLevel_WarnedAndSentOnlyOnceConfirmed()
    {
        var chat = await SubmittedSoreThroatAsync(await browser.NewPageAsync());
        await chat.ConfirmRecapAsync();
        var nurse = await OpenQueueAsync(await browser.NewPageAsync());
        var consultationId = chat.Page.Url.Split('/')[^1];
        var id = await nurse.Locator($"[data-testid=queue-row][data-consultation='{consultationId}']").GetAttributeAsync("data-id");
        await OpenCaseAsync(nurse, id!);
        await nurse.Locator("[data-testid=claim]").ClickAsync();
        var aiLevel = int.Parse(await nurse.Locator("[data-testid=ai-acuity]").GetAttributeAsync("data-level") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var unfitting = aiLevel == 5 ? "SeeClinicianWithin24Hours" : "SelfCare";

        await nurse.Locator($"[data-testid=disposition-{unfitting}]").CheckAsync();
        await Assertions.Expect(nurse.Locator("[data-testid=mismatch-warning]")).ToBeVisibleAsync();
        await nurse.Locator("[data-testid=patient-message]").FillAsync("Rest and drink warm fluids.");
        await nurse.Locator("[data-testid=decide]").ClickAsync();
        await Assertions.Expect(nurse.Locator("[data-testid=decision-error]")).ToContainTextAsync("confirm the disposition");
        await Assertions.Expect(nurse.Locator("[data-testid=decided]")).ToHaveCountAsync(0);

        await nurse.Locator("[data-testid=confirm-mismatch]").CheckAsync();
        await nurse.Locator("[data-testid=decide]").ClickAsync();
        await Assertions.Expect(nurse.Locator("[data-testid=decided]")).ToBeVisibleAsync();
        await Assertions.Expect(chat.Page.Locator("[data-testid=message][data-author=Nurse]")).ToContainTextAsync("Rest and drink warm fluids.");
        await nurse.Context.CloseAsync();
        await chat.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task TwoNursesOpenOneCase_SecondClaimIsToldAnotherNurseHasIt()
    {
        var chat = await SubmittedSoreThroatAsync(await browser.NewPageAsync());
        await chat.ConfirmRecapAsync();
        var otherNurse = await SecondNurseAsync();
        var first = await OpenQueueAsync(await browser.NewPageAsync());
        var second = await OpenQueueAsync(await browser.NewPageOnSecondAsync(), otherNurse);
        var consultationId = chat.Page.Url.Split('/')[^1];
        var id = await first.Locator($"[data-testid=queue-row][data-consultation='{consultationId}']").GetAttributeAsync("data-id");
        await OpenCaseAsync(first, id!);
        await OpenCaseAsync(second, id!);

        await first.Locator("[data-testid=claim]").ClickAsync();
        await Assertions.Expect(first.Locator("[data-testid=decision-form]")).ToBeVisibleAsync();

        // The second nurse's page learns of the claim live; if the click races it, the service refuses it.
        await Assertions.Expect(second.Locator("[data-testid=claimed-by-other]")).ToBeVisibleAsync();
        await Assertions.Expect(second.Locator("[data-testid=decision-form]")).ToHaveCountAsync(0);
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
        await chat.Page.Context.CloseAsync();
    }
}
