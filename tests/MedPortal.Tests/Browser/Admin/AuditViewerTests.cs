using MedPortal.Core.Audit;
using MedPortal.Core.Consultations;
using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Admin;

public sealed class AuditViewerTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task NurseDecided_AdminFiltersByAction_SeesOnlyThatEventAndChainVerifies()
    {
        var services = browser.App.Services;
        var assistant = services.GetRequiredService<ConsultationAssistant>();
        var nurses = services.GetRequiredService<NurseTriage>();
        string patientId;
        await using (var db = browser.App.CreateDb())
        {
            patientId = await db.Users.Where(u => u.NormalizedEmail == AccountClient.DemoEmail(Roles.Patient).ToUpperInvariant()).Select(u => u.Id).SingleAsync();
        }
        var patient = new AuditActor(patientId, Roles.Patient, "127.0.0.1");
        var nurse = new AuditActor(Guid.NewGuid().ToString(), Roles.Nurse, "127.0.0.1");
        var consultation = await assistant.StartAsync(patient);
        await assistant.AcceptAsync(patient, consultation.Id, Guid.NewGuid(), "sore throat for two days");
        var assessment = await assistant.SubmitAsync(patient, consultation.Id, model: null);
        var version = await nurses.ClaimAsync(nurse, assessment.Id, assessment.Version);
        await nurses.DecideAsync(nurse, new DecisionInput(assessment.Id, version, assessment.AiAcuity, null, DispositionText.For(assessment.AiAcuity), "Rest and fluids."));

        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Admin), AccountClient.DemoPassword, "/admin/audit");
        await page.Locator("main[data-circuit=ready]").WaitForAsync();
        var rows = page.Locator(".rz-data-row");
        await rows.First.WaitForAsync();
        Assert.True(await rows.CountAsync() > 3);

        var actionFilter = page.Locator("input[aria-label^='Action filter value']");
        await actionFilter.FillAsync("assessment.decide");
        await actionFilter.PressAsync("Enter");

        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync(assessment.Id.ToString());
        await Assertions.Expect(rows.First).ToContainTextAsync(nurse.UserId);
        await Assertions.Expect(rows.First).Not.ToContainTextAsync("sore throat");
        await page.Locator("[data-testid=verify-chain]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=chain-intact]")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
