using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Summaries;

public sealed class ClinicianSummaryTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ClinicianOpensEditsSignsDownloads_PdfHasTheEditAndSignature()
    {
        var (assessment, _) = await new DemoCases(browser.App).SubmitAndDecideAsync("I have had a sore throat for three days", ai => ai, "Rest, fluids and paracetamol.");
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Clinician), AccountClient.DemoPassword, "/summaries");
        await page.Locator("main[data-circuit=ready]").WaitForAsync();

        await page.Locator($"[data-testid=summary-row][data-consultation='{assessment.ConsultationId}'] a").ClickAsync();
        var viewer = page.Locator("[data-testid=summary-viewer]");
        await Assertions.Expect(viewer).ToHaveAttributeAsync("data-status", "Draft");
        await Assertions.Expect(viewer).ToContainTextAsync("No allergies recorded.");

        await page.Locator("[data-testid=edit-plan]").ClickAsync();
        await page.Locator("[data-testid=section-editor]").FillAsync("Review in clinic on Friday if not improving.\nSafety-netting advice given.");
        await page.Locator("[data-testid=save-section]").ClickAsync();
        await Assertions.Expect(viewer.Locator("[data-section=plan]")).ToContainTextAsync("Review in clinic on Friday if not improving.");
        await page.Locator("[data-testid=sign]").ClickAsync();
        await Assertions.Expect(viewer).ToHaveAttributeAsync("data-status", "Signed");
        await Assertions.Expect(viewer.Locator("[data-testid=signature]")).ToContainTextAsync("Electronically signed by");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=download-pdf]").ClickAsync());
        var path = Path.Combine(Path.GetTempPath(), $"medportal-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(path);
        var text = await Poppler.TextAsync(path);
        File.Delete(path);
        Assert.Contains("Review in clinic on Friday if not improving.", text, StringComparison.Ordinal);
        Assert.Contains("Electronically signed by", text, StringComparison.Ordinal);
        Assert.DoesNotContain("DRAFT", text, StringComparison.Ordinal);

        // A later edit makes version 2; version 1 stays readable and signed.
        await page.Locator("[data-testid=edit-allergies]").ClickAsync();
        await page.Locator("[data-testid=section-editor]").FillAsync("No allergies recorded. Patient confirmed by phone: none.");
        await page.Locator("[data-testid=save-section]").ClickAsync();
        await Assertions.Expect(viewer).ToHaveAttributeAsync("data-version", "2");
        await Assertions.Expect(viewer).ToHaveAttributeAsync("data-status", "Draft");
        await page.Locator("[data-testid=version-select]").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await Assertions.Expect(viewer).ToHaveAttributeAsync("data-version", "1");
        await Assertions.Expect(viewer).ToHaveAttributeAsync("data-status", "Signed");
        await page.Context.CloseAsync();
    }
}
