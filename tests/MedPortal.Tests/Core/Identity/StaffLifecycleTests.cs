using MedPortal.Core.Audit;
using MedPortal.Core.Identity;
using MedPortal.Tests.Infrastructure;
using MedPortal.Web.Components.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedPortal.Tests.Core.Identity;

/// <summary>The staff-account use cases on the app's real services and database (email off: the outbox row is read).</summary>
public sealed class StaffLifecycleTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private MedPortalApp App => fixture.App;

    // Email:PublicBaseUrl's default (appsettings.json): these apps leave it as it is.
    private const string DefaultBase = "http://127.0.0.1:5080";

    [Fact]
    public async Task InviteAsync_NewEmail_UnconfirmedWithoutPasswordInRoleInvitationQueuedAndAudited()
    {
        var email = $"inv{Guid.NewGuid():N}@clinic.example";
        var admin = await AdminAsync();

        var result = await StaffAsync(s => s.InviteAsync(admin, email, Roles.Clinician));

        Assert.True(result.Succeeded, result.Error);
        await using var db = App.CreateDb();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        Assert.False(user.EmailConfirmed);
        Assert.Null(user.PasswordHash);
        Assert.Equal([Roles.Clinician], await RolesOfAsync(user.Id));
        var mail = await db.QueuedEmails.SingleAsync(m => m.ToAddress == email);
        Assert.Equal("staff.invite", mail.Kind);
        Assert.StartsWith("/account/set-password?userId=" + user.Id + "&code=", AccountMail.LinkPath(mail.Body, DefaultBase), StringComparison.Ordinal);
        var audit = await db.AuditEvents.SingleAsync(e => e.ResourceId == user.Id);
        Assert.Equal(("staff.invite:Clinician", "user", admin.UserId, Roles.Admin), (audit.Action, audit.ResourceType, audit.ActorId, audit.ActorRole));
    }

    [Theory]
    [InlineData("patient@demo.medportal", "Nurse", "already exists")]
    [InlineData("new-person@clinic.example", "Patient", "Choose the role")]
    [InlineData("two@clinic.example, three@clinic.example", "Nurse", "one valid email")]
    [InlineData("not-an-email", "Nurse", "one valid email")]
    public async Task InviteAsync_BadRequest_RefusedNothingWritten(string email, string role, string reason)
    {
        await using var before = App.CreateDb();
        var users = await before.Users.CountAsync();
        var mails = await before.QueuedEmails.CountAsync();

        var result = await StaffAsync(async s => await s.InviteAsync(await AdminAsync(), email, role));

        Assert.False(result.Succeeded);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        await using var after = App.CreateDb();
        Assert.Equal(users, await after.Users.CountAsync());
        Assert.Equal(mails, await after.QueuedEmails.CountAsync());
    }

    [Fact]
    public async Task AdminChanges_WouldLeaveNoActiveAdmin_RefusedOtherwiseAllowed()
    {
        var admin = await AdminAsync();
        var second = $"admin2{Guid.NewGuid():N}@clinic.example";
        // An invited admin who never set a password is no active admin.
        Assert.True((await StaffAsync(s => s.InviteAsync(admin, $"pending{Guid.NewGuid():N}@clinic.example", Roles.Admin))).Succeeded);

        var selfDeactivate = await StaffAsync(s => s.DeactivateAsync(admin, admin.UserId));
        var selfDemote = await StaffAsync(s => s.RevokeRoleAsync(admin, admin.UserId, Roles.Admin));
        var secondId = await CreateAsync(second, Roles.Admin);
        var demoteOther = await StaffAsync(s => s.RevokeRoleAsync(new AuditActor(secondId, Roles.Admin, null), admin.UserId, Roles.Admin));
        var deactivateLast = await StaffAsync(s => s.DeactivateAsync(new AuditActor(secondId, Roles.Admin, null), secondId));
        var restore = await StaffAsync(s => s.AssignRoleAsync(new AuditActor(secondId, Roles.Admin, null), admin.UserId, Roles.Admin));

        Assert.False(selfDeactivate.Succeeded);
        Assert.Contains("no active administrator", selfDeactivate.Error, StringComparison.Ordinal);
        Assert.False(selfDemote.Succeeded);
        Assert.True(demoteOther.Succeeded, demoteOther.Error);
        Assert.False(deactivateLast.Succeeded);
        Assert.True(restore.Succeeded, restore.Error);
        await using var db = App.CreateDb();
        Assert.Null(await db.Users.Where(u => u.Id == secondId).Select(u => u.DeactivatedAt).SingleAsync());
        Assert.Contains(Roles.Admin, await RolesOfAsync(admin.UserId));
        // Refused changes leave no audit row; the allowed ones do.
        var actions = await db.AuditEvents.Where(e => e.ResourceId == admin.UserId || e.ResourceId == secondId).OrderBy(e => e.Sequence).Select(e => e.ActorId + " " + e.Action).ToListAsync();
        Assert.DoesNotContain(actions, a => a.EndsWith("user.deactivate", StringComparison.Ordinal));
        Assert.Equal([$"{secondId} user.role-revoke:Admin", $"{secondId} user.role-assign:Admin"], actions.Where(a => a.StartsWith(secondId, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task DeactivateAsync_Account_StampRotatedAndSignInNotAllowed()
    {
        var id = await CreateAsync($"stamp{Guid.NewGuid():N}@clinic.example", Roles.Clinician);
        await using var db = App.CreateDb();
        var stampBefore = await db.Users.Where(u => u.Id == id).Select(u => u.SecurityStamp).SingleAsync();

        var result = await StaffAsync(async s => await s.DeactivateAsync(await AdminAsync(), id));

        Assert.True(result.Succeeded, result.Error);
        await using var after = App.CreateDb();
        var user = await after.Users.SingleAsync(u => u.Id == id);
        Assert.NotNull(user.DeactivatedAt);
        Assert.NotEqual(stampBefore, user.SecurityStamp);
        await using var scope = App.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<SignInManager<MedPortalUser>>().CanSignInAsync(user));
    }

    [Fact]
    public async Task SetPassword_InvitationLinkPastItsLifetime_Refused()
    {
        // Links live SignIn:AccountLinkHours; here one second, so the test does not wait a day.
        await using var app = await MedPortalApp.CreateAsync(configureServices: services =>
            services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromSeconds(1)));
        var email = $"late{Guid.NewGuid():N}@clinic.example";
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await using var db = app.CreateDb();
            var adminId = await db.Users.Where(u => u.Email == AccountClient.DemoEmail(Roles.Admin)).Select(u => u.Id).SingleAsync();
            Assert.True((await scope.ServiceProvider.GetRequiredService<StaffLifecycle>().InviteAsync(new AuditActor(adminId, Roles.Admin, null), email, Roles.Nurse)).Succeeded);
        }
        await using var read = app.CreateDb();
        var link = AccountMail.LinkPath((await read.QueuedEmails.SingleAsync(m => m.ToAddress == email)).Body, DefaultBase);
        await Task.Delay(TimeSpan.FromSeconds(2));

        var response = await AccountMail.PostNewPasswordAsync(AccountClient.CreateClient(app), link, "Late-Password-1");

        Assert.Equal(ResetPassword.InvalidLinkMessage, AccountMail.TestId(await response.Content.ReadAsStringAsync(), "password-error"));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await AccountClient.PostLoginAsync(AccountClient.CreateClient(app), email, "Late-Password-1")).StatusCode);
    }

    private async Task<AuditActor> AdminAsync()
    {
        await using var db = App.CreateDb();
        var id = await db.Users.Where(u => u.Email == AccountClient.DemoEmail(Roles.Admin)).Select(u => u.Id).SingleAsync();
        return new AuditActor(id, Roles.Admin, "127.0.0.1");
    }

    private async Task<string> CreateAsync(string email, string role)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MedPortalUser>>();
        var user = new MedPortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Staff" };
        Assert.True((await users.CreateAsync(user, AccountClient.DemoPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user.Id;
    }

    private async Task<List<string>> RolesOfAsync(string userId)
    {
        await using var db = App.CreateDb();
        return await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == userId select r.Name!).ToListAsync();
    }

    private async Task<StaffChangeResult> StaffAsync(Func<StaffLifecycle, Task<StaffChangeResult>> change)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await change(scope.ServiceProvider.GetRequiredService<StaffLifecycle>());
    }
}
