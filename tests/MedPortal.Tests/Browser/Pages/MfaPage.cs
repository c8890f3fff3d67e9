using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Pages;

/// <summary>The two-step sign-in page (<c>/account/mfa</c>): enrolment with a QR code, recovery codes, status.</summary>
public sealed class MfaPage(IPage page)
{
    public ILocator QrCode => page.Locator("[data-testid=mfa-qr]");

    public ILocator RecoveryCodes => page.Locator("[data-testid=recovery-codes] li");

    /// <summary>The shared key as shown, in the Base32 form an authenticator app stores.</summary>
    public async Task<string> KeyAsync() =>
        (await page.Locator("[data-testid=mfa-key]").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    public async Task VerifyAsync(string code)
    {
        await page.FillAsync("#code", code);
        await page.Keyboard.PressAsync("Enter");
    }

    public Task ContinueAsync() => page.ClickAsync("[data-testid=mfa-continue]");
}
