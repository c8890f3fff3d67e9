using System.Net;
using System.Security.Claims;
using MedPortal.Core.Audit;
using MedPortal.Core.Identity;
using MedPortal.Tests.Infrastructure;
using MedPortal.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedPortal.Tests.Web.Identity;

/// <summary>
/// Two-step sign-in through the real forms, with codes computed the way an authenticator app computes them. The app
/// validates the security stamp on every request here (as after each revalidation interval), so a reset or a lost
/// "signed in with a second factor" mark shows at once.
/// </summary>
public sealed class TwoFactorTests(TwoFactorTests.Fixture fixture) : IClassFixture<TwoFactorTests.Fixture>
{
    private MedPortalApp App => fixture.App;

    [Fact]
    public async Task Enrol_ComputedCode_TurnedOnTenRecoveryCodesShownOnceAndAudited()
    {
        var (email, id) = await NewUserAsync(Roles.Nurse);
        using var client = await AccountClient.SignedInClientAsync(App, email);

        var (key, codes) = await AccountClient.EnrolThroughPageAsync(client);
        var again = await client.GetStringAsync(StaffMfa.EnrolPath);

        Assert.Equal(10, codes.Distinct().Count());
        Assert.Equal(key, await AccountClient.AuthenticatorKeyAsync(App, email));
        Assert.True(await TwoFactorEnabledAsync(email));
        Assert.Contains("data-testid=\"mfa-status\"", again, StringComparison.Ordinal);
        Assert.All(codes, c => Assert.DoesNotContain(c, again, StringComparison.Ordinal));
        Assert.Contains("user.mfa.enrol", await AuditActionsAsync(id));
        // The session that enrolled now counts as two-factor: the queue opens without signing in again.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/triage")).StatusCode);
    }

    [Fact]
    public async Task Enrol_WrongCode_RefusedAndStillOff()
    {
        var (email, _) = await NewUserAsync(Roles.Clinician);
        using var client = await AccountClient.SignedInClientAsync(App, email);
        await client.GetStringAsync(StaffMfa.EnrolPath);
        var key = await AccountClient.AuthenticatorKeyAsync(App, email);

        var response = await AccountClient.PostEnrolmentCodeAsync(client, Totp.WrongCode(key));

        Assert.Contains(System.Net.WebUtility.HtmlEncode(MedPortal.Web.Components.Account.Mfa.WrongCodeMessage), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await TwoFactorEnabledAsync(email));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/summaries")).StatusCode);
    }

    [Fact]
    public async Task SignIn_EnrolledNurse_PasswordAloneOpensNothingCodeFinishes()
    {
        using var client = AccountClient.CreateClient(App);

        var password = await AccountClient.PostLoginAsync(client, AccountClient.DemoEmail(Roles.Nurse), AccountClient.DemoPassword);
        var before = await client.GetAsync("/triage");
        var code = await AccountClient.PostSignInCodeAsync(client, Totp.Code(AccountClient.DemoAuthenticatorKey), "/triage");
        var after = await client.GetAsync("/triage");

        Assert.True(AccountClient.AsksForCode(password));
        Assert.StartsWith("/account/login", AccountClient.RedirectTarget(before), StringComparison.Ordinal);
        Assert.Equal("/triage", AccountClient.RedirectTarget(code));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task SignIn_WrongCodeOrWrongRecoveryCode_SameMessageNoSession()
    {
        using var client = AccountClient.CreateClient(App);
        await AccountClient.PostLoginAsync(client, AccountClient.DemoEmail(Roles.Admin), AccountClient.DemoPassword);

        var wrong = await AccountClient.PostSignInCodeAsync(client, Totp.WrongCode(AccountClient.DemoAuthenticatorKey));
        var wrongRecovery = await AccountClient.PostSignInCodeAsync(client, "BCDFG-HJKMN");

        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, wrongRecovery.StatusCode);
        Assert.Contains(Encoded(MedPortal.Web.Components.Account.LoginTwoFactor.FailureMessage), await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(Encoded(MedPortal.Web.Components.Account.LoginTwoFactor.FailureMessage), await wrongRecovery.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(SetsAuthCookie(wrong) || SetsAuthCookie(wrongRecovery));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task SignIn_RecoveryCode_WorksOnceAndIsAudited()
    {
        var (email, id) = await NewUserAsync(Roles.Nurse);
        using var enrolling = await AccountClient.SignedInClientAsync(App, email);
        var recovery = (await AccountClient.EnrolThroughPageAsync(enrolling)).RecoveryCodes[3];

        using var first = AccountClient.CreateClient(App);
        Assert.True(AccountClient.AsksForCode(await AccountClient.PostLoginAsync(first, email, AccountClient.DemoPassword)));
        var used = await AccountClient.PostSignInCodeAsync(first, recovery.ToLowerInvariant(), "/triage");
        using var second = AccountClient.CreateClient(App);
        await AccountClient.PostLoginAsync(second, email, AccountClient.DemoPassword);
        var reused = await AccountClient.PostSignInCodeAsync(second, recovery, "/triage");

        Assert.Equal("/triage", AccountClient.RedirectTarget(used));
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/triage")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.False(SetsAuthCookie(reused));
        Assert.Contains("user.mfa.recovery-code-used", await AuditActionsAsync(id));
    }

    [Fact]
    public async Task UnenrolledNurse_QueueAndCircuit_SentToEnrolmentUntilEnrolled()
    {
        var (email, _) = await NewUserAsync(Roles.Nurse);
        using var client = AccountClient.CreateClient(App);
        var password = await AccountClient.PostLoginAsync(client, email, AccountClient.DemoPassword);

        var queue = await client.GetAsync("/triage?filter=crisis");
        var home = await client.GetAsync("/");
        var negotiate = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", new StringContent(""));
        var api = await client.GetAsync("/api/consultations/");
        var enrolPage = await client.GetAsync(StaffMfa.EnrolPath);

        Assert.False(AccountClient.AsksForCode(password));
        Assert.Equal(HttpStatusCode.Redirect, queue.StatusCode);
        Assert.Equal("/account/mfa?returnUrl=%2Ftriage%3Ffilter%3Dcrisis", AccountClient.RedirectTarget(queue));
        Assert.StartsWith(StaffMfa.EnrolPath, AccountClient.RedirectTarget(home), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, negotiate.StatusCode);
        Assert.StartsWith(StaffMfa.EnrolPath, AccountClient.RedirectTarget(api), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, enrolPage.StatusCode);
        Assert.Contains("data-testid=\"mfa-required\"", await enrolPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("data-testid=\"mfa-qr\"", await enrolPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await AccountClient.EnrolThroughPageAsync(client);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/triage")).StatusCode);
    }

    [Fact]
    public async Task AdminReset_EnrolledNurse_AuditedSessionEndsAndNextSignInMustEnrol()
    {
        var (email, id) = await NewUserAsync(Roles.Nurse, enrolled: true);
        using var nurse = await AccountClient.SignedInClientAsync(App, email);
        Assert.Equal(HttpStatusCode.OK, (await nurse.GetAsync("/triage")).StatusCode);
        var admin = await AdminActorAsync();

        await using (var scope = App.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<TwoFactorEnrolment>().ResetAsync(id, admin));
        }
        var oldSession = await nurse.GetAsync("/triage");
        using var again = AccountClient.CreateClient(App);
        var password = await AccountClient.PostLoginAsync(again, email, AccountClient.DemoPassword);
        var queue = await again.GetAsync("/triage");

        Assert.StartsWith("/account/login", AccountClient.RedirectTarget(oldSession), StringComparison.Ordinal);
        Assert.False(AccountClient.AsksForCode(password));
        Assert.StartsWith(StaffMfa.EnrolPath, AccountClient.RedirectTarget(queue), StringComparison.Ordinal);
        Assert.NotEqual(AccountClient.DemoAuthenticatorKey, await AccountClient.AuthenticatorKeyAsync(App, email));
        await using var db = App.CreateDb();
        var reset = await db.AuditEvents.SingleAsync(e => e.Action == "user.mfa.reset" && e.ResourceId == id);
        Assert.Equal(admin.UserId, reset.ActorId);
        Assert.Equal(Roles.Admin, reset.ActorRole);
    }

    [Fact]
    public async Task Patient_OptsInThenOut_CodeAskedOnlyWhileOn()
    {
        var (email, id) = await NewUserAsync(Roles.Patient);
        using var client = await AccountClient.SignedInClientAsync(App, email);
        var optional = await client.GetStringAsync(StaffMfa.EnrolPath);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/consultations")).StatusCode);
        Assert.DoesNotContain("data-testid=\"mfa-required\"", optional, StringComparison.Ordinal);

        var (key, _) = await AccountClient.EnrolThroughPageAsync(client);
        using var withCode = AccountClient.CreateClient(App);
        var asked = await AccountClient.PostLoginAsync(withCode, email, AccountClient.DemoPassword);
        var finished = await AccountClient.PostSignInCodeAsync(withCode, Totp.Code(key), "/consultations");
        var disabled = await AccountClient.PostEnrolmentActionAsync(withCode, "mfa-disable");
        using var withoutCode = AccountClient.CreateClient(App);
        var plain = await AccountClient.PostLoginAsync(withoutCode, email, AccountClient.DemoPassword);

        Assert.True(AccountClient.AsksForCode(asked));
        Assert.Equal("/consultations", AccountClient.RedirectTarget(finished));
        Assert.Contains("data-testid=\"mfa-message\"", await disabled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(AccountClient.AsksForCode(plain));
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        Assert.False(await TwoFactorEnabledAsync(email));
        Assert.Equal(["user.mfa.disable", "user.mfa.enrol"], (await AuditActionsAsync(id)).Order().ToList());
    }

    [Fact]
    public async Task Disable_Staff_RefusedStaysOn()
    {
        using var client = await AccountClient.SignedInClientAsync(App, AccountClient.DemoEmail(Roles.Clinician));

        var page = await client.GetStringAsync(StaffMfa.EnrolPath);
        await AccountClient.PostEnrolmentActionAsync(client, "mfa-disable");

        Assert.DoesNotContain("data-testid=\"mfa-disable\"", page, StringComparison.Ordinal);
        Assert.True(await TwoFactorEnabledAsync(AccountClient.DemoEmail(Roles.Clinician)));
    }

    [Fact]
    public async Task RenewRecoveryCodes_Enrolled_OldCodesStopWorking()
    {
        var (email, _) = await NewUserAsync(Roles.Patient);
        using var client = await AccountClient.SignedInClientAsync(App, email);
        var (_, oldCodes) = await AccountClient.EnrolThroughPageAsync(client);

        var renewed = await (await AccountClient.PostEnrolmentActionAsync(client, "mfa-renew")).Content.ReadAsStringAsync();
        using var other = AccountClient.CreateClient(App);
        await AccountClient.PostLoginAsync(other, email, AccountClient.DemoPassword);
        var old = await AccountClient.PostSignInCodeAsync(other, oldCodes[0]);

        Assert.Equal(10, System.Text.RegularExpressions.Regex.Matches(renewed, "<li><code>").Count);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        Assert.False(SetsAuthCookie(old));
    }

    [Fact]
    public async Task RefreshingPrincipal_SecondFactorSession_KeepsTheMark()
    {
        var options = App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityStampValidatorOptions>>().Value;
        var current = new ClaimsPrincipal(new ClaimsIdentity([new Claim(StaffMfa.MethodClaim, StaffMfa.MultiFactor)], "test"));
        var rebuilt = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Nurse)], "test"));

        await options.OnRefreshingPrincipal!(new SecurityStampRefreshingPrincipalContext { CurrentPrincipal = current, NewPrincipal = rebuilt });

        Assert.True(StaffMfa.SignedInWithSecondFactor(rebuilt));
    }

    private async Task<(string Email, string Id)> NewUserAsync(string role, bool enrolled = false)
    {
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@clinic.example";
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MedPortalUser>>();
        var user = new MedPortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Test {role}" };
        Assert.True((await users.CreateAsync(user, AccountClient.DemoPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        if (enrolled)
        {
            await AccountClient.EnrolAsync(App.Services, user);
        }
        return (email, user.Id);
    }

    private async Task<AuditActor> AdminActorAsync()
    {
        await using var db = App.CreateDb();
        var adminId = await db.Users.Where(u => u.Email == AccountClient.DemoEmail(Roles.Admin)).Select(u => u.Id).SingleAsync();
        return new AuditActor(adminId, Roles.Admin, "127.0.0.1");
    }

    private async Task<bool> TwoFactorEnabledAsync(string email)
    {
        await using var db = App.CreateDb();
        return await db.Users.Where(u => u.Email == email).Select(u => u.TwoFactorEnabled).SingleAsync();
    }

    private async Task<List<string>> AuditActionsAsync(string userId)
    {
        await using var db = App.CreateDb();
        return await db.AuditEvents.Where(e => e.ResourceType == "user" && e.ResourceId == userId).Select(e => e.Action).ToListAsync();
    }

    private static string Encoded(string text) => System.Net.WebUtility.HtmlEncode(text);

    private static bool SetsAuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("MedPortal.Auth=", StringComparison.Ordinal));

    public sealed class Fixture : IAsyncLifetime
    {
        private MedPortalApp? app;

        public MedPortalApp App => app ?? throw new InvalidOperationException("The fixture has not started.");

        public async Task InitializeAsync()
        {
            // Validate the security stamp on every request, as happens once per SignIn:RevalidateSeconds in production.
            app = await MedPortalApp.CreateAsync(configureServices: services =>
                services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));
            _ = app.Server;
        }

        public async Task DisposeAsync()
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
    }
}
