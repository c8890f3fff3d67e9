using System.Text.Json;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Accessibility;

/// <summary>
/// axe-core (npm, fetched by scripts/natives.sh) on every page of every role, light and dark, desktop and phone:
/// no serious or critical violation.
/// </summary>
public sealed class AccessibilityTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly (string Name, int Width, int Height)[] Viewports = [("desktop", 1366, 900), ("phone", 390, 844)];

    private static string AxeScript
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("MEDPORTAL_AXE") is { Length: > 0 } p
                ? p
                : Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", ".data", "axe", "axe.min.js");
            return File.Exists(path)
                ? File.ReadAllText(path)
                : throw new InvalidOperationException($"axe-core not found at {path}. './medportal test' fetches it (scripts/natives.sh); set MEDPORTAL_AXE to use another copy.");
        }
    }

    public static TheoryData<string?, string> Roles => new()
    {
        { null, "light" }, { null, "dark" },
        { MedPortal.Core.Identity.Roles.Patient, "light" }, { MedPortal.Core.Identity.Roles.Patient, "dark" },
        { MedPortal.Core.Identity.Roles.Nurse, "light" }, { MedPortal.Core.Identity.Roles.Nurse, "dark" },
        { MedPortal.Core.Identity.Roles.Clinician, "light" }, { MedPortal.Core.Identity.Roles.Clinician, "dark" },
        { MedPortal.Core.Identity.Roles.Admin, "light" }, { MedPortal.Core.Identity.Roles.Admin, "dark" },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task EveryPage_RoleThemeViewport_NoSeriousOrCriticalViolation(string? role, string theme)
    {
        var axe = AxeScript;
        var (assessment, _) = await new DemoCases(browser.App).SubmitAndDecideAsync("sore throat for two days", ai => ai, "Rest and fluids.");
        var failures = new List<string>();
        foreach (var (name, width, height) in Viewports)
        {
            var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = browser.BaseAddress.ToString().TrimEnd('/'),
                ViewportSize = new ViewportSize { Width = width, Height = height },
                // axe is injected as a script; the app's CSP (rightly) admits no inline script.
                BypassCSP = true,
            });
            await context.AddCookiesAsync([new Cookie { Name = MedPortal.Web.Theme.MedPortalTheme.Cookie, Value = theme, Url = browser.BaseAddress.ToString() }]);
            var page = await context.NewPageAsync();
            page.SetDefaultTimeout(30_000);
            var paths = new List<string>();
            if (role is null)
            {
                paths.AddRange(["/account/login", "/account/register", "/account/forgot-password", "/account/set-password?userId=x&code=y", "/account/confirm-email"]);
            }
            else
            {
                await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(role), AccountClient.DemoPassword, "/");
                paths.Add("/");
                paths.AddRange(role switch
                {
                    MedPortal.Core.Identity.Roles.Patient => ["/consultations", $"/consultations/{assessment.ConsultationId}"],
                    MedPortal.Core.Identity.Roles.Nurse => ["/triage", "/triage/dashboard", $"/triage/{assessment.Id}"],
                    MedPortal.Core.Identity.Roles.Clinician => ["/summaries", $"/summaries/consultation/{assessment.ConsultationId}", $"/summaries/consultation/{assessment.ConsultationId}/documents"],
                    _ => ["/admin/users", "/admin/audit", "/admin/model", "/admin/operations", "/admin/documents"],
                });
            }

            foreach (var path in paths)
            {
                await page.GotoAsync(path);
                if (role is not null)
                {
                    await page.Locator("main[data-circuit=ready]").WaitForAsync();
                }
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                await page.EvaluateAsync(axe);
                var json = await page.EvaluateAsync<JsonElement>("""
                    async () => {
                      const r = await axe.run(document, { resultTypes: ['violations'] });
                      return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                        .map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\n').slice(0, 2).join(' ')) }));
                    }
                    """);
                foreach (var v in json.EnumerateArray())
                {
                    failures.Add($"{role ?? "anonymous"} {theme} {name} {path}: {v.GetProperty("impact").GetString()} {v.GetProperty("id").GetString()} — {string.Join(" | ", v.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()))}");
                }
            }
            await context.CloseAsync();
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
