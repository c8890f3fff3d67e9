using System.Net;
using System.Text.RegularExpressions;
using MedPortal.Core.Identity;
using MedPortal.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Tests.Infrastructure;

/// <summary>Signs in through the real static login form, antiforgery token and all, over an in-memory client.</summary>
public static partial class AccountClient
{
    public const string DemoPassword = "Demo-Password-2026";

    /// <summary>
    /// The authenticator key the test app enrols the demo nurse, clinician and admin with (<c>DemoAccounts:AuthenticatorKey</c>),
    /// so tests sign staff in with both factors, as a clinic would.
    /// </summary>
    public const string DemoAuthenticatorKey = "JBSWY3DPEHPK3PXPMFRGGZDFMZTWQ2LK";

    public static HttpClient CreateClient(MedPortalApp app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var token = await GetAntiforgeryTokenAsync(client, "/account/login");
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    /// <summary>Posts the second sign-in step (an authenticator or a recovery code) after <see cref="PostLoginAsync"/>.</summary>
    public static async Task<HttpResponseMessage> PostSignInCodeAsync(HttpClient client, string code, string returnUrl = "/")
    {
        var path = $"{StaffMfa.SignInPath}?returnUrl={Uri.EscapeDataString(returnUrl)}";
        var token = await GetAntiforgeryTokenAsync(client, path);
        return await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login-2fa",
            ["__RequestVerificationToken"] = token,
            ["Input.Code"] = code,
        }));
    }

    /// <summary>True when a password post answered "now the code" (a redirect to the code step).</summary>
    public static bool AsksForCode(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && RedirectTarget(response).StartsWith(StaffMfa.SignInPath, StringComparison.Ordinal);

    /// <summary>A redirect's path and query, whether the app wrote the location absolute or relative.</summary>
    public static string RedirectTarget(HttpResponseMessage response) =>
        response.Headers.Location is { } location
            ? location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString
            : throw new InvalidOperationException($"Not a redirect: {(int)response.StatusCode}");

    /// <summary>Signs in with the password and, for an enrolled account, a current code from its stored key.</summary>
    public static async Task<HttpClient> SignedInClientAsync(MedPortalApp app, string email, string password = DemoPassword)
    {
        var client = CreateClient(app);
        var response = await PostLoginAsync(client, email, password);
        if (AsksForCode(response))
        {
            response = await PostSignInCodeAsync(client, Totp.Code(await AuthenticatorKeyAsync(app, email)));
        }
        if (response.StatusCode != HttpStatusCode.Redirect || AsksForCode(response))
        {
            throw new InvalidOperationException($"Sign-in as {email} failed: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        }
        return client;
    }

    /// <summary>The account's authenticator key as Identity stores it (what its authenticator app holds).</summary>
    public static async Task<string> AuthenticatorKeyAsync(MedPortalApp app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MedPortalUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account {email}.");
        return await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException($"{email} has no authenticator key.");
    }

    /// <summary>Enrols a test-made staff account with <see cref="DemoAuthenticatorKey"/>, as an enrolled colleague would be.</summary>
    public static async Task EnrolAsync(IServiceProvider services, MedPortalUser user, string key = DemoAuthenticatorKey)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MedPortalUser>>();
        var fresh = await users.FindByIdAsync(user.Id) ?? throw new InvalidOperationException("The account vanished.");
        await scope.ServiceProvider.GetRequiredService<TwoFactorEnrolment>().SetKeyAsync(fresh, key);
        if (!(await users.SetTwoFactorEnabledAsync(fresh, true)).Succeeded)
        {
            throw new InvalidOperationException("Could not enable two-step sign-in.");
        }
    }

    /// <summary>
    /// Enrols the signed-in account through the real enrolment page: reads the shown key, posts a code computed from it,
    /// and returns the key and the recovery codes the page showed.
    /// </summary>
    public static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnrolThroughPageAsync(HttpClient client)
    {
        var page = await client.GetStringAsync(StaffMfa.EnrolPath);
        var key = KeyPattern().Match(page) is { Success: true } m
            ? m.Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()
            : throw new InvalidOperationException($"No key on the enrolment page:\n{page}");
        var response = await PostEnrolmentCodeAsync(client, Totp.Code(key));
        var html = await response.Content.ReadAsStringAsync();
        var codes = RecoveryCodePattern().Matches(html).Select(c => c.Groups[1].Value).ToList();
        return codes.Count > 0 ? (key, codes) : throw new InvalidOperationException($"Enrolment showed no recovery codes:\n{html}");
    }

    public static async Task<HttpResponseMessage> PostEnrolmentCodeAsync(HttpClient client, string code)
    {
        var token = await GetAntiforgeryTokenAsync(client, StaffMfa.EnrolPath);
        return await client.PostAsync(StaffMfa.EnrolPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "mfa-enable",
            ["__RequestVerificationToken"] = token,
            ["Input.Code"] = code,
        }));
    }

    /// <summary>Posts one of the enrolment page's button forms (<c>mfa-renew</c>, <c>mfa-disable</c>).</summary>
    public static async Task<HttpResponseMessage> PostEnrolmentActionAsync(HttpClient client, string formName)
    {
        var token = await GetAntiforgeryTokenAsync(client, StaffMfa.EnrolPath);
        return await client.PostAsync(StaffMfa.EnrolPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = token,
        }));
    }

    /// <summary>
    /// Marks a form-registered test account's email as confirmed, as opening the confirmation link would (the link itself
    /// is tested in Web/Identity/AccountEmailTests).
    /// </summary>
    public static async Task ConfirmEmailAsync(MedPortalApp app, string email)
    {
        await using var db = app.CreateDb();
        var normalized = email.ToUpperInvariant();
        var updated = await db.Users.Where(u => u.NormalizedEmail == normalized).ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, true));
        if (updated != 1)
        {
            throw new InvalidOperationException($"No account {email} to confirm.");
        }
    }

    public static string DemoEmail(string role) => DemoAccounts.All.Single(a => a.Role == role).Email;

    public static async Task<string> GetAntiforgeryTokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var match = TokenPattern().Match(html);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException($"No antiforgery token on {path}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("data-testid=\"mfa-key\">([^<]+)<")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("<li><code>([^<]+)</code></li>")]
    private static partial Regex RecoveryCodePattern();
}
