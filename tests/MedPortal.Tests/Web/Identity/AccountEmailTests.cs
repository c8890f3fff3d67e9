using System.Net;
using MedPortal.Core.Audit;
using MedPortal.Core.Identity;
using MedPortal.Tests.Infrastructure;
using MedPortal.Web.Components.Account;
using MedPortal.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedPortal.Tests.Web.Identity;

/// <summary>
/// Registration confirmation, password reset, staff invitations, deactivation and role changes end to end: the real
/// Identity forms, the real outbox and dispatcher, mail read back from a real SMTP server.
/// </summary>
public sealed class AccountEmailTests(MailAppFixture fixture) : IClassFixture<MailAppFixture>
{
    private MedPortalApp App => fixture.App;

    private const string Password = "Right-Password-1";

    [Fact]
    public async Task PostRegister_NewPatient_SignInRefusedUntilTheEmailedLinkIsOpened()
    {
        var email = $"reg{Guid.NewGuid():N}@example.org";
        using var client = AccountClient.CreateClient(App);
        var token = await AccountClient.GetAntiforgeryTokenAsync(client, "/account/register");
        var registered = await client.PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "register",
            ["__RequestVerificationToken"] = token,
            ["Input.Name"] = "Quentin Zylberstein",
            ["Input.DateOfBirth"] = "1971-03-09",
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var mail = await AccountMail.WaitForAsync(fixture.Smtp, email);

        var before = await AccountClient.PostLoginAsync(AccountClient.CreateClient(App), email, Password);
        var beforeWrong = await AccountClient.PostLoginAsync(AccountClient.CreateClient(App), email, "Wrong-Password-9");
        var confirmPage = await client.GetStringAsync(AccountMail.LinkPath(mail));
        var after = await AccountClient.PostLoginAsync(AccountClient.CreateClient(App), email, Password);

        Assert.Equal("account.confirm", mail.Headers["X-MedPortal-Kind"]);
        AccountMail.AssertNoHealthInformation(mail, "Quentin", "Zylberstein", "1971", await UserIdAsync(email));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(SignInRefusal.Unconfirmed, AccountMail.TestId(await before.Content.ReadAsStringAsync(), "login-error"));
        // Without the password nobody learns that the account exists or is unconfirmed.
        Assert.Equal(Login.FailureMessage, AccountMail.TestId(await beforeWrong.Content.ReadAsStringAsync(), "login-error"));
        Assert.Contains("data-testid=\"email-confirmed\"", confirmPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/consultations", after.Headers.Location!.AbsolutePath);
        // The refused sign-in sent a fresh link.
        Assert.Equal("account.confirm", (await AccountMail.WaitForAsync(fixture.Smtp, email, 2)).Headers["X-MedPortal-Kind"]);
    }

    [Fact]
    public async Task GetConfirmEmail_TamperedCode_NotConfirmed()
    {
        var email = $"tamper{Guid.NewGuid():N}@example.org";
        await CreateAccountAsync(email, Roles.Patient, confirmed: false);
        var id = await UserIdAsync(email);

        var page = await AccountClient.CreateClient(App).GetStringAsync($"/account/confirm-email?userId={id}&code=bm90LWEtdG9rZW4");

        Assert.Equal(ConfirmEmail.InvalidLinkMessage, AccountMail.TestId(page, "confirm-error"));
        await using var db = App.CreateDb();
        Assert.False(await db.Users.Where(u => u.Id == id).Select(u => u.EmailConfirmed).SingleAsync());
    }

    [Fact]
    public async Task PostForgotPassword_ExistingAndUnknownEmail_SameAnswerOnlyTheAccountGetsMail()
    {
        var email = $"forgot{Guid.NewGuid():N}@example.org";
        var unknown = $"nobody{Guid.NewGuid():N}@example.org";
        await CreateAccountAsync(email, Roles.Patient);

        var forUnknown = await PostForgotAsync(unknown);
        var forExisting = await PostForgotAsync(email);
        var mail = await AccountMail.WaitForAsync(fixture.Smtp, email);

        Assert.Equal(HttpStatusCode.OK, forExisting.StatusCode);
        Assert.Equal(forExisting.StatusCode, forUnknown.StatusCode);
        Assert.Equal(ForgotPassword.SentMessage, AccountMail.TestId(await forExisting.Content.ReadAsStringAsync(), "reset-sent"));
        Assert.Equal(ForgotPassword.SentMessage, AccountMail.TestId(await forUnknown.Content.ReadAsStringAsync(), "reset-sent"));
        Assert.Equal("account.reset-password", mail.Headers["X-MedPortal-Kind"]);
        await using var db = App.CreateDb();
        Assert.False(await db.QueuedEmails.AnyAsync(m => m.ToAddress == unknown));
        Assert.Equal(0, AccountMail.CountTo(fixture.Smtp, unknown));
    }

    [Fact]
    public async Task ResetPassword_LinkFromEmail_NewPasswordWorksOldDoesNotLinkWorksOnce()
    {
        var email = $"reset{Guid.NewGuid():N}@example.org";
        await CreateAccountAsync(email, Roles.Patient);
        await PostForgotAsync(email);
        var mail = await AccountMail.WaitForAsync(fixture.Smtp, email);
        var link = AccountMail.LinkPath(mail);

        var reset = await AccountMail.PostNewPasswordAsync(AccountClient.CreateClient(App), link, "Brand-New-Password-2");
        var again = await AccountMail.PostNewPasswordAsync(AccountClient.CreateClient(App), link, "Third-Password-3");
        var withOld = await AccountClient.PostLoginAsync(AccountClient.CreateClient(App), email, Password);
        var withNew = await AccountClient.PostLoginAsync(AccountClient.CreateClient(App), email, "Brand-New-Password-2");
        var withThird = await AccountClient.PostLoginAsync(AccountClient.CreateClient(App), email, "Third-Password-3");

        Assert.StartsWith("/account/reset-password?", link, StringComparison.Ordinal);
        AccountMail.AssertNoHealthInformation(mail, "Reset Person", await UserIdAsync(email));
        Assert.Contains("data-testid=\"password-set\"", await reset.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ResetPassword.InvalidLinkMessage, AccountMail.TestId(await again.Content.ReadAsStringAsync(), "password-error"));
        Assert.Equal(Login.FailureMessage, AccountMail.TestId(await withOld.Content.ReadAsStringAsync(), "login-error"));
        Assert.Equal(HttpStatusCode.Redirect, withNew.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withThird.StatusCode);
    }

    [Fact]
    public async Task Invite_Nurse_SetsPasswordFromEmailAndSignsInToTheQueue()
    {
        var email = $"invite{Guid.NewGuid():N}@clinic.example";
        var admin = await AdminActorAsync();

        var invited = await StaffAsync(s => s.InviteAsync(admin, email, Roles.Nurse));
        var beforePassword = await AccountClient.PostLoginAsync(AccountClient.CreateClient(App), email, Password);
        var mail = await AccountMail.WaitForAsync(fixture.Smtp, email);
        var link = AccountMail.LinkPath(mail);
        var set = await AccountMail.PostNewPasswordAsync(AccountClient.CreateClient(App), link, Password);
        var signIn = await AccountClient.PostLoginAsync(AccountClient.CreateClient(App), email, Password);

        Assert.True(invited.Succeeded, invited.Error);
        Assert.Equal("staff.invite", mail.Headers["X-MedPortal-Kind"]);
        Assert.Contains("as a nurse", mail.TextBody, StringComparison.Ordinal);
        Assert.StartsWith("/account/set-password?", link, StringComparison.Ordinal);
        AccountMail.AssertNoHealthInformation(mail, await UserIdAsync(email), email);
        Assert.Equal(Login.FailureMessage, AccountMail.TestId(await beforePassword.Content.ReadAsStringAsync(), "login-error"));
        Assert.Contains("data-testid=\"password-set\"", await set.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/triage", signIn.Headers.Location!.AbsolutePath);
        await using var db = App.CreateDb();
        var id = await UserIdAsync(email);
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "staff.invite:Nurse" && e.ActorId == admin.UserId && e.ResourceType == "user" && e.ResourceId == id));
    }

    [Fact]
    public async Task Deactivate_SignedInNurse_OpenSessionRefusedCannotSignInUntilReactivated()
    {
        var email = $"deact{Guid.NewGuid():N}@clinic.example";
        await CreateAccountAsync(email, Roles.Nurse);
        var id = await UserIdAsync(email);
        using var session = await AccountClient.SignedInClientAsync(App, email, Password);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/triage")).StatusCode);
        var admin = await AdminActorAsync();

        var deactivated = await StaffAsync(s => s.DeactivateAsync(admin, id));
        var open = await session.GetAsync("/triage");
        var signIn = await AccountClient.PostLoginAsync(AccountClient.CreateClient(App), email, Password);
        var forgot = await PostForgotAsync(email);
        var reactivated = await StaffAsync(s => s.ReactivateAsync(admin, id));
        var signInAgain = await AccountClient.PostLoginAsync(AccountClient.CreateClient(App), email, Password);

        Assert.True(deactivated.Succeeded, deactivated.Error);
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        Assert.StartsWith("/account/login", open.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(SignInRefusal.Deactivated, AccountMail.TestId(await signIn.Content.ReadAsStringAsync(), "login-error"));
        Assert.False(signIn.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("MedPortal.Auth=", StringComparison.Ordinal)));
        Assert.Equal(ForgotPassword.SentMessage, AccountMail.TestId(await forgot.Content.ReadAsStringAsync(), "reset-sent"));
        Assert.True(reactivated.Succeeded, reactivated.Error);
        Assert.Equal(HttpStatusCode.Redirect, signInAgain.StatusCode);
        await using var db = App.CreateDb();
        Assert.False(await db.QueuedEmails.AnyAsync(m => m.ToAddress == email), "A deactivated account got a reset email.");
        var actions = await db.AuditEvents.Where(e => e.ResourceType == "user" && e.ResourceId == id && e.ActorId == admin.UserId).Select(e => e.Action).ToListAsync();
        Assert.Contains("user.deactivate", actions);
        Assert.Contains("user.reactivate", actions);
    }

    [Fact]
    public async Task RevokeRole_SignedInNurse_SessionEndsAndTheQueueIsClosedAfterSigningInAgain()
    {
        var email = $"revoke{Guid.NewGuid():N}@clinic.example";
        await CreateAccountAsync(email, Roles.Nurse);
        var id = await UserIdAsync(email);
        using var session = await AccountClient.SignedInClientAsync(App, email, Password);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/triage")).StatusCode);
        var admin = await AdminActorAsync();

        var assigned = await StaffAsync(s => s.AssignRoleAsync(admin, id, Roles.Clinician));
        var revoked = await StaffAsync(s => s.RevokeRoleAsync(admin, id, Roles.Nurse));
        var open = await session.GetAsync("/triage");
        using var again = await AccountClient.SignedInClientAsync(App, email, Password);
        var queue = await again.GetAsync("/triage");
        var summaries = await again.GetAsync("/summaries");

        Assert.True(assigned.Succeeded, assigned.Error);
        Assert.True(revoked.Succeeded, revoked.Error);
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        Assert.StartsWith("/account/login", open.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.StartsWith("/account/access-denied", queue.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, summaries.StatusCode);
        await using var db = App.CreateDb();
        var actions = await db.AuditEvents.Where(e => e.ResourceId == id && e.ActorId == admin.UserId).Select(e => e.Action).ToListAsync();
        Assert.Contains("user.role-assign:Clinician", actions);
        Assert.Contains("user.role-revoke:Nurse", actions);
    }

    private async Task<HttpResponseMessage> PostForgotAsync(string email)
    {
        using var client = AccountClient.CreateClient(App);
        var token = await AccountClient.GetAntiforgeryTokenAsync(client, "/account/forgot-password");
        return await client.PostAsync("/account/forgot-password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "forgot-password",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
        }));
    }

    private async Task CreateAccountAsync(string email, string role, bool confirmed = true)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MedPortalUser>>();
        var user = new MedPortalUser { UserName = email, Email = email, EmailConfirmed = confirmed, DisplayName = "Reset Person" };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        if (role != Roles.Patient)
        {
            await AccountClient.EnrolAsync(App.Services, user);
        }
    }

    private async Task<string> UserIdAsync(string email)
    {
        await using var db = App.CreateDb();
        return await db.Users.Where(u => u.NormalizedEmail == email.ToUpperInvariant()).Select(u => u.Id).SingleAsync();
    }

    private async Task<AuditActor> AdminActorAsync() => new(await UserIdAsync(AccountClient.DemoEmail(Roles.Admin)), Roles.Admin, "127.0.0.1");

    private async Task<StaffChangeResult> StaffAsync(Func<StaffLifecycle, Task<StaffChangeResult>> change)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await change(scope.ServiceProvider.GetRequiredService<StaffLifecycle>());
    }
}
