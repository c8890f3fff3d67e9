using MedPortal.Core.Identity;
using MedPortal.Core.Triage;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
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

        var cases = new DemoCases(browser.App);
        var levels = new List<(Acuity Ai, Acuity Final)>();
        foreach (var (text, raise) in new[] { ("runny nose for two days", false), ("sore throat for three days", true) })
        {
            var (assessment, decision) = await cases.SubmitAndDecideAsync(text, ai => raise ? ai - 1 : ai);
            levels.Add((assessment.AiAcuity, decision.FinalAcuity));
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
