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
        // Staff (and patients who opted in) are asked for a code next; others land on their page at once.
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.Equals("/account/login", StringComparison.OrdinalIgnoreCase));
        if (new Uri(page.Url).AbsolutePath == "/account/login-2fa")
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
        await page.ClickAsync("[data-testid=verify-code]");
    }

    public ILocator Error => page.Locator("[data-testid=login-error]");
}
