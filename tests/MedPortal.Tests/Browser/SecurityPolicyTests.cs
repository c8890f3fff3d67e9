using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser;

/// <summary>The Content-Security-Policy lets every page work: no violation is reported on any main page of any role.</summary>
public sealed class SecurityPolicyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    public static TheoryData<string, string[]> RolePages => new()
    {
        { Roles.Patient, ["/", "/consultations"] },
        { Roles.Nurse, ["/", "/triage", "/triage/dashboard"] },
        { Roles.Clinician, ["/", "/summaries"] },
        { Roles.Admin, ["/", "/admin/users", "/admin/audit", "/admin/model", "/admin/operations"] },
    };

    [Theory]
    [MemberData(nameof(RolePages))]
    public async Task MainPages_DemoRole_NoCspViolation(string role, string[] paths)
    {
        var page = await browser.NewPageAsync();
        var violations = await new CspWatch(page).StartAsync();
        await page.GotoAsync("/account/register");
        await page.GotoAsync("/account/forgot-password");
        await page.GotoAsync("/account/login");

        var shell = await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(role), AccountClient.DemoPassword);
        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            await shell.WaitForCircuitAsync();
        }
        if (role == Roles.Patient)
        {
            // The chat page imports its JS module through the import map (an inline script the nonce admits).
            await ChatPage.StartAsync(page);
        }
        // The theme toggle imports a module and writes the theme's style element: both under the policy.
        await shell.ToggleThemeAsync();
        await Assertions.Expect(page.Locator(".mp-layout")).ToHaveAttributeAsync("data-theme", "dark");
        await shell.WaitForBackgroundAsync(dark: true);

        Assert.Empty(violations.Concat(await CspWatch.ReportedAsync(page)));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TwoStepSignInPage_Patient_QrShownNoCspViolation()
    {
        var page = await browser.NewPageAsync();
        var violations = await new CspWatch(page).StartAsync();
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Patient), AccountClient.DemoPassword);

        await page.GotoAsync("/account/mfa");

        await Assertions.Expect(new MfaPage(page).QrCode).ToBeVisibleAsync();
        Assert.Empty(violations.Concat(await CspWatch.ReportedAsync(page)));
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Collects CSP violations two ways: the console errors Chromium prints for them, and the
    /// <c>securitypolicyviolation</c> events the page itself sees (recorded on every navigation).
    /// </summary>
    private sealed class CspWatch(IPage page)
    {
        public async Task<List<string>> StartAsync()
        {
            var console = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                {
                    lock (console)
                    {
                        console.Add(message.Text);
                    }
                }
            };
            await page.Context.AddInitScriptAsync("""
                (() => {
                    const seen = JSON.parse(sessionStorage.getItem('csp-violations') || '[]');
                    document.addEventListener('securitypolicyviolation', e => {
                        seen.push(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
                        sessionStorage.setItem('csp-violations', JSON.stringify(seen));
                    });
                })();
                """);
            return console;
        }

        public static async Task<string[]> ReportedAsync(IPage page) =>
            await page.EvaluateAsync<string[]>("JSON.parse(sessionStorage.getItem('csp-violations') || '[]')");
    }
}
