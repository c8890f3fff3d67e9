using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Pages;

/// <summary>The role-aware layout: header, navigation, theme toggle.</summary>
public sealed class ShellPage(IPage page)
{
    public static readonly IReadOnlyList<string> AllNavItems = ["nav-my-consultations", "nav-triage-queue", "nav-summaries", "nav-users", "nav-audit", "nav-model", "nav-operations", "nav-quarantine"];

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

    /// <summary>The theme the layout says it shows ("light" or "dark").</summary>
    public Task<string?> ThemeAsync() => page.Locator(".mp-layout").GetAttributeAsync("data-theme");

    private const string Luminance = """
        (() => {
          const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).slice(0, 3).map(Number)
            .map(c => c / 255).map(c => c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        })()
        """;

    /// <summary>Waits until the page background's relative luminance (0 black … 1 white) is dark or light.</summary>
    public Task WaitForBackgroundAsync(bool dark) =>
        page.WaitForFunctionAsync(dark ? $"() => {Luminance} < 0.05" : $"() => {Luminance} > 0.8");

    public Task ToggleThemeAsync() => page.Locator("[data-testid=theme-toggle]").ClickAsync();
}
