using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Consultations;

/// <summary>The patient sees which nurse reviewed their consultation, by name, with the time on the clinic's clock.</summary>
public sealed class NurseNameTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task NurseDecided_PatientSeesTheNursesNameInTheListAndOnTheMessage()
    {
        var nurse = await DemoCases.DemoActorAsync(browser.App, Roles.Nurse);
        var (assessment, decision) = await new DemoCases(browser.App, nurse).SubmitAndDecideAsync("sore throat for two days", ai => ai, "Rest and fluids.");
        var page = await browser.NewPageAsync();

        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Patient), AccountClient.DemoPassword, "/consultations");
        await page.Locator("main[data-circuit=ready]").WaitForAsync();

        var item = page.Locator("[data-testid=consultation-item]").Filter(new() { Has = page.Locator($"a[href='/consultations/{assessment.ConsultationId}']") });
        await Assertions.Expect(item.Locator("[data-testid=nurse-review]")).ToHaveTextAsync(
            $"Reviewed by Nina Nurse, nurse, on {TestClinic.Time.Format(decision.DecidedAt)}: {MedPortal.Core.Consultations.NurseQueue.DispositionText.Title(decision.Disposition)}");
        await item.Locator("a").ClickAsync();
        var nurseMessage = page.Locator("[data-testid=message][data-author=Nurse]");
        await Assertions.Expect(nurseMessage.Locator(".mp-msg-who")).ToHaveTextAsync("Nina Nurse, nurse");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(nurse.UserId);
        await page.Context.CloseAsync();
    }
}
