using MedPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Pages;

/// <summary>The static sign-in form, and the code step that follows it for an enrolled account.</summary>
/// <param name="page">The browser page.</param>
/// <param name="authenticatorKey">The key of the account's authenticator (the demo staff's by default).</param>
public sealed class LoginPage(IPage page, string authenticatorKey = AccountClient.DemoAuthenticatorKey)
{
    public async Task<ShellPage> SignInAsync(string email, string password, string returnPath = "/")
    {
        await SubmitPasswordAsync(email, password, returnPath);
        // Staff (and patients who opted in) are asked for a code next; others land on their page at once. Either page's
        // own element says which came (neither is on the sign-in form).
        await page.Locator($"{CodeButton}, main[data-circuit=ready]").First.WaitForAsync();
        if (await page.Locator(CodeButton).CountAsync() > 0)
        {
            await SubmitCodeAsync(Totp.Code(authenticatorKey));
        }
        var shell = new ShellPage(page);
        await shell.WaitForCircuitAsync();
        return shell;
    }

    public async Task SubmitPasswordAsync(string email, string password, string returnPath = "/")
    {
        await page.GotoAsync($"/account/login?returnUrl={Uri.EscapeDataString(returnPath)}");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=sign-in]");
    }

    public async Task SubmitCodeAsync(string code)
    {
        await page.FillAsync("#code", code);
        await page.ClickAsync(CodeButton);
    }

    /// <summary>The code step's submit button: on the page, the password was accepted and a code is due.</summary>
    public const string CodeButton = "[data-testid=verify-code]";

    public ILocator Error => page.Locator("[data-testid=login-error]");
}
