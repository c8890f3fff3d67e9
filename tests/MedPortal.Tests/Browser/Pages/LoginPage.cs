using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Pages;

/// <summary>The static sign-in form.</summary>
public sealed class LoginPage(IPage page)
{
    public async Task<ShellPage> SignInAsync(string email, string password, string returnPath = "/")
    {
        await page.GotoAsync($"/account/login?returnUrl={Uri.EscapeDataString(returnPath)}");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=sign-in]");
        var shell = new ShellPage(page);
        await shell.WaitForCircuitAsync();
        return shell;
    }

    public ILocator Error => page.Locator("[data-testid=login-error]");
}
