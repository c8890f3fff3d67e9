using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Pages;

/// <summary>The patient's "My consultations" list.</summary>
public sealed class ConsultationsPage(IPage page)
{
    public ILocator StartButton => page.Locator("[data-testid=start-consultation]");

    public ILocator Items => page.Locator("[data-testid=consultation-item]");

    public ILocator EmptyItems => page.Locator("[data-testid=consultation-item][data-empty=true]");

    public ILocator Dialog => page.Locator(".mud-dialog");

    /// <summary>Opens the list and waits until it is interactive and loaded.</summary>
    public async Task<ConsultationsPage> OpenAsync()
    {
        await page.GotoAsync("/consultations");
        await page.Locator("main[data-circuit=ready]").WaitForAsync();
        await Assertions.Expect(page.Locator("[aria-label='Loading your consultations']")).ToHaveCountAsync(0);
        return this;
    }

    /// <summary>The consultation's item (by id, from its link).</summary>
    public ILocator Item(string consultationId) => page.Locator($"[data-testid=consultation-item]:has(a[href='/consultations/{consultationId}'])");
}
