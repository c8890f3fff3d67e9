using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser;

public sealed class ShellTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    public static TheoryData<string, string[]> RoleNavigation => new()
    {
        { Roles.Patient, ["nav-my-consultations"] },
        { Roles.Nurse, ["nav-triage-queue"] },
        { Roles.Clinician, ["nav-summaries"] },
        { Roles.Admin, ["nav-users", "nav-audit", "nav-model", "nav-operations", "nav-quarantine"] },
    };

    [Theory]
    [InlineData(Roles.Patient, "/consultations")]
    [InlineData(Roles.Nurse, "/triage")]
    [InlineData(Roles.Clinician, "/summaries")]
    [InlineData(Roles.Admin, "/admin/users")]
    public async Task SignIn_NoPageAskedFor_LandsInTheRolesWorkspace(string role, string workspace)
    {
        var page = await browser.NewPageAsync();

        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(role), AccountClient.DemoPassword);

        Assert.Equal(workspace, new Uri(page.Url).AbsolutePath);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_PageAskedFor_LandsThere()
    {
        var page = await browser.NewPageAsync();

        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Nurse), AccountClient.DemoPassword, "/triage/dashboard");

        Assert.Equal("/triage/dashboard", new Uri(page.Url).AbsolutePath);
        await page.Context.CloseAsync();
    }

    [Theory]
    [MemberData(nameof(RoleNavigation))]
    public async Task SignIn_DemoRole_SeesOnlyThatRolesNavigation(string role, string[] expected)
    {
        var page = await browser.NewPageAsync();

        var shell = await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(role), AccountClient.DemoPassword);

        Assert.Equal(expected, await shell.VisibleNavItemsAsync());
        var name = MedPortal.Web.Identity.DemoAccounts.All.Single(a => a.Role == role).Name;
        Assert.Equal($"{name} · {role}", await page.Locator("[data-testid=signed-in-as]").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(Roles.Patient)]
    [InlineData(Roles.Nurse)]
    [InlineData(Roles.Clinician)]
    [InlineData(Roles.Admin)]
    public async Task ThemeToggle_Click_DarkOverTheCircuitAndKeptAfterReload(string role)
    {
        var page = await browser.NewPageAsync();
        var shell = await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(role), AccountClient.DemoPassword);
        await shell.WaitForCircuitAsync();
        Assert.Equal("light", await shell.ThemeAsync());
        await shell.WaitForBackgroundAsync(dark: false);

        await shell.ToggleThemeAsync();

        // The circuit re-renders the theme provider with the dark palette: proof that the client script and the circuit work.
        await Assertions.Expect(page.Locator(".mp-layout")).ToHaveAttributeAsync("data-theme", "dark");
        await Assertions.Expect(page.Locator("[data-testid=theme-toggle]")).ToHaveAttributeAsync("aria-pressed", "true");
        await shell.WaitForBackgroundAsync(dark: true);

        await page.ReloadAsync();
        await shell.WaitForCircuitAsync();
        Assert.Equal("dark", await shell.ThemeAsync());
        await shell.WaitForBackgroundAsync(dark: true);
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/triage")]
    [InlineData("/admin/audit")]
    public async Task NurseOrAdminUrl_AsPatient_AccessDeniedWithoutData(string path)
    {
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Patient), AccountClient.DemoPassword);

        var response = await page.GotoAsync(path);

        Assert.Contains("/account/access-denied", page.Url, StringComparison.Ordinal);
        Assert.Equal(200, response!.Status);
        await Assertions.Expect(page.Locator("[data-testid=access-denied]")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("[data-testid=triage-queue-empty], [data-testid=verify-chain]").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsErrorAndStaysOnLogin()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", AccountClient.DemoEmail(Roles.Nurse));
        await page.FillAsync("#password", "wrong-password-here");

        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(new LoginPage(page).Error).ToContainTextAsync("Email or password is incorrect");
        await page.Context.CloseAsync();
    }
}
