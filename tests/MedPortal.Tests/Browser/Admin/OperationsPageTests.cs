using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Admin;

public sealed class OperationsPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task AdminWatchesOperations_CaseSubmitted_QueueFiguresUpdateLiveWithoutReload()
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Admin), AccountClient.DemoPassword, "/admin/operations");
        await page.Locator("main[data-circuit=ready]").WaitForAsync();
        await Assertions.Expect(page.Locator("[data-testid=ops-database]")).ToContainTextAsync("PostgreSQL");
        await Assertions.Expect(page.Locator("[data-testid=ops-model]")).ToHaveAttributeAsync("data-state", "NotConfigured");
        await Assertions.Expect(page.Locator("[data-testid=ops-model]")).ToContainTextAsync("Protocol only");
        var queue = page.Locator("[data-testid=ops-queue] tbody tr");
        await Assertions.Expect(queue).ToHaveCountAsync(5);
        var waitingBefore = await TotalAsync(queue, "data-waiting");
        var updatesBefore = int.Parse(await page.Locator("[data-testid=ops-updated]").GetAttributeAsync("data-updates") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

        var assessment = await new DemoCases(browser.App).SubmitAsync("I want to kill myself tonight");

        var row = page.Locator($"[data-testid=ops-queue] tbody tr[data-level='{(int)assessment.AiAcuity}']");
        await Assertions.Expect(page.Locator("[data-testid=ops-escalations]")).ToHaveAttributeAsync("data-crisis", "1");
        Assert.Equal(waitingBefore + 1, await TotalAsync(queue, "data-waiting"));
        await Assertions.Expect(row).Not.ToHaveAttributeAsync("data-waiting", "0");
        Assert.True(int.Parse(await page.Locator("[data-testid=ops-updated]").GetAttributeAsync("data-updates") ?? "0", System.Globalization.CultureInfo.InvariantCulture) > updatesBefore);
        await Assertions.Expect(page.Locator("[data-testid=ops-latency-empty]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=ops-document-jobs]")).ToContainTextAsync("queued");
        await Assertions.Expect(page.Locator("[data-testid=ops-document-jobs]")).ToHaveAttributeAsync("data-failed", "0");
        Assert.DoesNotContain("kill", await page.Locator("main").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        await page.Context.CloseAsync();
    }

    private static async Task<int> TotalAsync(ILocator rows, string attribute)
    {
        var total = 0;
        foreach (var row in await rows.AllAsync())
        {
            total += int.Parse(await row.GetAttributeAsync(attribute) ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        }
        return total;
    }
}
