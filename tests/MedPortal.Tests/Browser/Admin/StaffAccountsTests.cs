using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Admin;

/// <summary>The app with email on to a real local SMTP server and open pages revalidated every 10 s (the minimum).</summary>
public sealed class StaffAccountsFixture : SmtpBrowserFixture
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["SignIn:RevalidateSeconds"] = "10" };
}

public sealed class StaffAccountsTests(StaffAccountsFixture browser) : IClassFixture<StaffAccountsFixture>
{
    private const string Password = "Clinician-Password-7";

    [Fact]
    public async Task AdminInvitesClinician_LinkFromEmail_ClinicianSetsPasswordAndSignsInToSummaries()
    {
        var email = $"clin{Guid.NewGuid():N}@clinic.example";
        var admin = await browser.NewPageAsync();
        await new LoginPage(admin).SignInAsync(AccountClient.DemoEmail(Roles.Admin), AccountClient.DemoPassword, "/admin/users");
        await admin.Locator("main[data-circuit=ready]").WaitForAsync();

        // Keyboard: Enter opens the dialog, Escape closes it, Enter opens it again.
        var dialog = admin.Locator(".mud-dialog");
        await admin.Locator("[data-testid=invite-staff]").FocusAsync();
        await admin.Keyboard.PressAsync("Enter");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        // MudDialog closes on Escape only once focus is inside it (its focus trap moves focus there after rendering), as
        // for a person, who presses Escape in the dialog they see focused; pressing it earlier is lost.
        await admin.WaitForFunctionAsync("() => document.activeElement?.closest('.mud-dialog') != null");
        await admin.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await admin.Locator("[data-testid=invite-staff]").FocusAsync();
        await admin.Keyboard.PressAsync("Enter");
        await dialog.GetByRole(AriaRole.Textbox).FillAsync("not an email");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-testid=invite-error]")).ToContainTextAsync("one valid email");
        await dialog.GetByRole(AriaRole.Textbox).FillAsync(email);
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "Clinician" }).FocusAsync();
        await admin.Keyboard.PressAsync("Space");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Radio, new() { Name = "Clinician" })).ToBeCheckedAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        var row = admin.Locator("tr", new() { HasText = email });
        await Assertions.Expect(row).ToContainTextAsync("Invited");
        await Assertions.Expect(row).ToContainTextAsync("Clinician");

        var mail = await AccountMail.WaitForAsync(browser.Smtp, email);
        AccountMail.AssertNoHealthInformation(mail, email);
        var invited = await browser.NewPageAsync();
        await invited.GotoAsync(AccountMail.LinkPath(mail));
        await Assertions.Expect(invited.Locator("h1")).ToHaveTextAsync("Set up your password");
        await invited.FillAsync("#password", Password);
        await invited.FillAsync("#confirm", Password);
        await invited.Locator("#confirm").PressAsync("Enter");
        await Assertions.Expect(invited.Locator("[data-testid=password-set]")).ToBeVisibleAsync();
        // A new member of staff sets up two-step sign-in at the first sign-in, before any clinical page opens.
        await new LoginPage(invited).SubmitPasswordAsync(email, Password);
        var mfa = new MfaPage(invited);
        await Assertions.Expect(mfa.QrCode).ToBeVisibleAsync();
        await mfa.VerifyAsync(Totp.Code(await mfa.KeyAsync()));
        await Assertions.Expect(mfa.RecoveryCodes).ToHaveCountAsync(10);
        await mfa.ContinueAsync();
        await new ShellPage(invited).WaitForCircuitAsync();

        await Assertions.Expect(invited).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/summaries$"));
        await admin.Context.CloseAsync();
        await invited.Context.CloseAsync();
    }

    [Fact]
    public async Task AdminDeactivatesNurse_NurseQueueOpen_OpenPageLosesAccessWithinRevalidation()
    {
        var email = $"nurse{Guid.NewGuid():N}@clinic.example";
        await using (var scope = browser.App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<MedPortalUser>>();
            var user = new MedPortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Night Nurse" };
            Assert.True((await users.CreateAsync(user, Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(user, Roles.Nurse)).Succeeded);
            await AccountClient.EnrolAsync(browser.App.Services, user);
        }
        var nurse = await browser.NewPageAsync();
        await new LoginPage(nurse).SignInAsync(email, Password, "/triage");
        await nurse.Locator("main[data-circuit=ready]").WaitForAsync();
        var admin = await browser.NewPageAsync();
        await new LoginPage(admin).SignInAsync(AccountClient.DemoEmail(Roles.Admin), AccountClient.DemoPassword, "/admin/users");
        await admin.Locator("main[data-circuit=ready]").WaitForAsync();

        await admin.GetByRole(AriaRole.Button, new() { Name = $"Deactivate {email}" }).ClickAsync();
        await admin.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Deactivate", Exact = true }).ClickAsync();
        await Assertions.Expect(admin.Locator("tr", new() { HasText = email })).ToContainTextAsync("Deactivated");

        // The nurse's circuit is never reloaded by the test: the revalidating state provider sends it to sign-in.
        await nurse.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await admin.Context.CloseAsync();
        await nurse.Context.CloseAsync();
    }
}
