using MedPortal.Core.Audit;
using MedPortal.Core.Consultations;
using MedPortal.Core.Identity;
using MedPortal.Core.Triage;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Triage;

public sealed class DashboardTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task TwoDecisionsOneOverride_DashboardShowsMatrixRatesAndTheUnderTriageCase()
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Nurse), AccountClient.DemoPassword, "/triage/dashboard");
        await Assertions.Expect(page.Locator("[data-testid=dashboard-empty]")).ToBeVisibleAsync();

        var services = browser.App.Services;
        var assistant = services.GetRequiredService<ConsultationAssistant>();
        var nurses = services.GetRequiredService<NurseTriage>();
        string patientId;
        await using (var db = browser.App.CreateDb())
        {
            patientId = await db.Users.Where(u => u.NormalizedEmail == AccountClient.DemoEmail(Roles.Patient).ToUpperInvariant()).Select(u => u.Id).SingleAsync();
        }
        var patient = new AuditActor(patientId, Roles.Patient, null);
        var nurse = new AuditActor(Guid.NewGuid().ToString(), Roles.Nurse, null);
        var levels = new List<(Acuity Ai, Acuity Final)>();
        foreach (var (text, raise) in new[] { ("runny nose for two days", false), ("sore throat for three days", true) })
        {
            var consultation = await assistant.StartAsync(patient);
            await assistant.AcceptAsync(patient, consultation.Id, Guid.NewGuid(), text);
            var assessment = await assistant.SubmitAsync(patient, consultation.Id, model: null);
            var version = await nurses.ClaimAsync(nurse, assessment.Id, assessment.Version);
            var final = raise ? assessment.AiAcuity - 1 : assessment.AiAcuity;
            await nurses.DecideAsync(nurse, new DecisionInput(assessment.Id, version, final, raise ? "Sounded worse on the phone." : null, DispositionText.For(final), "See above."));
            levels.Add((assessment.AiAcuity, final));
        }

        await page.ReloadAsync();

        await Assertions.Expect(page.Locator("[data-testid=kpi-decided]")).ToContainTextAsync("2");
        await Assertions.Expect(page.Locator("[data-testid=kpi-override] .mp-kpi-value")).ToHaveAttributeAsync("data-value", "0.5");
        await Assertions.Expect(page.Locator("[data-testid=kpi-under]")).ToContainTextAsync("1");
        foreach (var group in levels.GroupBy(l => l))
        {
            await Assertions.Expect(page.Locator($"[data-testid=cell-{(int)group.Key.Ai}-{(int)group.Key.Final}]")).ToHaveTextAsync(group.Count().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        await Assertions.Expect(page.Locator("[data-testid=under-triage] li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=levels-chart] svg").First).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
