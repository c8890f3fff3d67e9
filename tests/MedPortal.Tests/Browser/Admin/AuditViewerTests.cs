using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Admin;

public sealed class AuditViewerTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task NurseDecided_AdminFiltersByAction_SeesOnlyThatEventAndChainVerifies()
    {
        var cases = new DemoCases(browser.App, await DemoCases.DemoActorAsync(browser.App, Roles.Nurse));
        var (assessment, _) = await cases.SubmitAndDecideAsync("sore throat for two days", ai => ai, "Rest and fluids.");

        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Admin), AccountClient.DemoPassword, "/admin/audit");
        await page.Locator("main[data-circuit=ready]").WaitForAsync();
        var rows = page.Locator("tr.mp-audit-row");
        await rows.First.WaitForAsync();
        Assert.True(await rows.CountAsync() > 3);

        var actionFilter = page.Locator("#filter-action");
        await actionFilter.FillAsync("assessment.decide");
        await actionFilter.PressAsync("Enter");

        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync(assessment.Id.ToString());
        await Assertions.Expect(rows.First.Locator("[data-testid=audit-actor]")).ToHaveTextAsync("Nina Nurse");
        await Assertions.Expect(rows.First).Not.ToContainTextAsync(cases.Nurse.UserId);
        await Assertions.Expect(page.Locator("[data-testid=audit-grid] th").Filter(new() { HasText = "When" })).ToHaveTextAsync("When (America/New_York)");
        await Assertions.Expect(rows.First).Not.ToContainTextAsync("UTC");
        var actorFilter = page.Locator("#filter-actor");
        await actorFilter.FillAsync("Nina Nur");
        await actorFilter.PressAsync("Enter");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First.Locator("[data-testid=audit-actor]")).ToHaveTextAsync("Nina Nurse");
        await Assertions.Expect(rows.First).Not.ToContainTextAsync("sore throat");
        await page.Locator("[data-testid=verify-chain]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=chain-intact]")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
