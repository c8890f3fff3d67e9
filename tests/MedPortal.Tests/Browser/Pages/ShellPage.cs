using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Pages;

/// <summary>The role-aware layout: header, navigation, theme toggle.</summary>
public sealed class ShellPage(IPage page)
{
    public static readonly IReadOnlyList<string> AllNavItems = ["nav-my-consultations", "nav-triage-queue", "nav-summaries", "nav-users", "nav-audit", "nav-model"];

    public IPage Page => page;

    /// <summary>Waits until the page runs on a live SignalR circuit (the layout marks itself once interactive).</summary>
    public Task WaitForCircuitAsync() => page.Locator("main[data-circuit=ready]").WaitForAsync();

    public async Task<IReadOnlyList<string>> VisibleNavItemsAsync()
    {
        var visible = new List<string>();
        foreach (var id in AllNavItems)
        {
            if (await page.Locator($"[data-testid={id}]").CountAsync() > 0)
            {
                visible.Add(id);
            }
        }
        return visible;
    }

    public Task<string?> ThemeStylesheetAsync() =>
        page.Locator("link[rel=stylesheet][href*='_content/Radzen.Blazor/css/']").First.GetAttributeAsync("href");

    public Task ToggleThemeAsync() => page.Locator("[data-testid=theme-toggle]").ClickAsync();
}
