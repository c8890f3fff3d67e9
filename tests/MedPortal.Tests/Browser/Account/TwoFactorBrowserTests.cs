using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Account;

/// <summary>Two-step sign-in in Chromium: a new nurse enrols from the QR page, signs in with a code; an admin resets it.</summary>
public sealed class TwoFactorBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task NewNurse_EnrolsThenSignsInWithCode_QueueOpens()
    {
        var email = await NewNurseAsync();
        var page = await browser.NewPageAsync();
        var login = new LoginPage(page);

        await login.SubmitPasswordAsync(email, AccountClient.DemoPassword, "/triage");
        var mfa = new MfaPage(page);
        await Assertions.Expect(mfa.QrCode).ToBeVisibleAsync();
        Assert.Equal("/account/mfa", new Uri(page.Url).AbsolutePath);
        var key = await mfa.KeyAsync();
        await mfa.VerifyAsync(Totp.Code(key));
        await Assertions.Expect(mfa.RecoveryCodes).ToHaveCountAsync(10);
        await mfa.ContinueAsync();
        await new ShellPage(page).WaitForCircuitAsync();
        Assert.Equal("/triage", new Uri(page.Url).AbsolutePath);
        await page.Locator("[data-testid=sign-out]").ClickAsync();
        await page.Locator("[data-testid=sign-in]").WaitForAsync();

        await new LoginPage(page, key).SignInAsync(email, AccountClient.DemoPassword, "/triage");

        Assert.Equal("/triage", new Uri(page.Url).AbsolutePath);
        await page.Locator("[data-testid=queue-total]").WaitForAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task SignIn_WrongCode_StaysOnCodeStepWithError()
    {
        var page = await browser.NewPageAsync();
        var login = new LoginPage(page);

        await login.SubmitPasswordAsync(AccountClient.DemoEmail(Roles.Clinician), AccountClient.DemoPassword, "/summaries");
        await page.Locator(LoginPage.CodeButton).WaitForAsync();
        await login.SubmitCodeAsync(Totp.WrongCode(AccountClient.DemoAuthenticatorKey));

        await Assertions.Expect(page.Locator("[data-testid=login-2fa-error]")).ToHaveTextAsync(MedPortal.Web.Components.Account.LoginTwoFactor.FailureMessage);
        Assert.Equal("/account/login-2fa", new Uri(page.Url).AbsolutePath);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Admin_ResetsNurseFromUsersPage_ShownOffAuditedAndNurseMustEnrolAgain()
    {
        var email = await NewNurseAsync(enrolled: true);
        var admin = await browser.NewPageAsync();
        await new LoginPage(admin).SignInAsync(AccountClient.DemoEmail(Roles.Admin), AccountClient.DemoPassword, "/admin/users");
        var row = admin.Locator("tr.mp-user-row").Filter(new() { HasText = email });
        await Assertions.Expect(row.Locator("[data-testid=user-mfa]")).ToHaveTextAsync("On");

        await row.Locator("[data-testid=reset-mfa]").ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Reset", Exact = true }).ClickAsync();

        await Assertions.Expect(row.Locator("[data-testid=user-mfa]")).ToHaveTextAsync("Off");
        await using (var db = browser.App.CreateDb())
        {
            var id = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            Assert.Equal(1, await db.AuditEvents.CountAsync(e => e.Action == "user.mfa.reset" && e.ResourceId == id && e.ActorRole == Roles.Admin));
        }
        var nurse = await browser.NewPageAsync();
        await new LoginPage(nurse).SubmitPasswordAsync(email, AccountClient.DemoPassword, "/triage");
        await Assertions.Expect(nurse.Locator("[data-testid=mfa-required]")).ToBeVisibleAsync();
        Assert.Equal("/account/mfa", new Uri(nurse.Url).AbsolutePath);
        await admin.Context.CloseAsync();
        await nurse.Context.CloseAsync();
    }

    private async Task<string> NewNurseAsync(bool enrolled = false)
    {
        var email = $"nurse-{Guid.NewGuid():N}@clinic.example";
        await using var scope = browser.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MedPortalUser>>();
        var user = new MedPortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "New Nurse" };
        Assert.True((await users.CreateAsync(user, AccountClient.DemoPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Nurse)).Succeeded);
        if (enrolled)
        {
            await AccountClient.EnrolAsync(browser.App.Services, user);
        }
        return email;
    }
}
