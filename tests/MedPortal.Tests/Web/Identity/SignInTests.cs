using System.Net;
using MedPortal.Core.Identity;
using MedPortal.Tests.Infrastructure;

namespace MedPortal.Tests.Web.Identity;

public sealed class SignInTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private MedPortalApp App => fixture.App;

    [Fact]
    public async Task PostLogin_DemoNurse_RedirectsToTheQueueWithAuthCookie()
    {
        using var client = AccountClient.CreateClient(App);

        // The nurse is enrolled in two-step sign-in: the password alone sets no session, the code finishes it.
        var password = await AccountClient.PostLoginAsync(client, AccountClient.DemoEmail(Roles.Nurse), AccountClient.DemoPassword);
        Assert.True(AccountClient.AsksForCode(password));
        Assert.False(SetsAuthCookie(password));
        var response = await AccountClient.PostSignInCodeAsync(client, Totp.Code(AccountClient.DemoAuthenticatorKey));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/triage", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.AbsolutePath : response.Headers.Location.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("MedPortal.Auth=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostLogin_WrongPassword_ClearMessageNoCookie()
    {
        using var client = AccountClient.CreateClient(App);

        var response = await AccountClient.PostLoginAsync(client, AccountClient.DemoEmail(Roles.Clinician), "not-the-password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Email or password is incorrect", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("MedPortal.Auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PostLogin_FiveWrongPasswords_AccountLockedEvenForRightPassword()
    {
        var email = $"lock{Guid.NewGuid():N}@example.org";
        await RegisterAsync(email, "Right-Password-1");
        using var client = AccountClient.CreateClient(App);

        for (var i = 0; i < 5; i++)
        {
            await AccountClient.PostLoginAsync(client, email, "wrong-password");
        }
        var response = await AccountClient.PostLoginAsync(client, email, "Right-Password-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(UniformFailure, LoginError(await response.Content.ReadAsStringAsync()));
        Assert.False(SetsAuthCookie(response));
    }

    [Fact]
    public async Task PostLogin_FourthWrongPassword_NoAttemptsLeftHint()
    {
        var email = $"warn{Guid.NewGuid():N}@example.org";
        await RegisterAsync(email, "Right-Password-1");
        using var client = AccountClient.CreateClient(App);
        for (var i = 0; i < 3; i++)
        {
            await AccountClient.PostLoginAsync(client, email, "wrong-password");
        }

        var response = await AccountClient.PostLoginAsync(client, email, "wrong-password");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(UniformFailure, LoginError(body));
        Assert.DoesNotContain("attempt", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PostLogin_ExistingAndUnknownAccount_SameFailureMessage()
    {
        var email = $"known{Guid.NewGuid():N}@example.org";
        await RegisterAsync(email, "Right-Password-1");
        using var client = AccountClient.CreateClient(App);

        var existing = await AccountClient.PostLoginAsync(client, email, "wrong-password");
        var unknown = await AccountClient.PostLoginAsync(client, $"unknown{Guid.NewGuid():N}@example.org", "wrong-password");

        Assert.Equal(existing.StatusCode, unknown.StatusCode);
        Assert.Equal(UniformFailure, LoginError(await existing.Content.ReadAsStringAsync()));
        Assert.Equal(UniformFailure, LoginError(await unknown.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task PostLogin_WithoutAntiforgeryToken_FriendlyBadRequestNoStackTrace()
    {
        using var client = AccountClient.CreateClient(App);

        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = "x@example.org",
            ["Input.Password"] = "whatever",
        }));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The request could not be read", body, StringComparison.Ordinal);
        AssertNoStackTrace(body);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded", "%%%%=&&&==%zz")]
    [InlineData("application/json", "{\"Input.Email\":")]
    [InlineData("multipart/form-data; boundary=broken", "--broken\r\nnot a part")]
    public async Task PostLogin_MalformedBody_ClientErrorNoStackTrace(string contentType, string body)
    {
        using var client = AccountClient.CreateClient(App);
        var content = new StringContent(body);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        var response = await client.PostAsync("/account/login", content);
        var text = await response.Content.ReadAsStringAsync();

        Assert.InRange((int)response.StatusCode, 400, 499);
        AssertNoStackTrace(text);
    }

    [Fact]
    public async Task PostLogin_InvalidEmailFormat_ValidationMessage()
    {
        using var client = AccountClient.CreateClient(App);

        var response = await AccountClient.PostLoginAsync(client, "not-an-email", "x");

        Assert.Contains("Enter a valid email address", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostRegister_ExistingEmail_SameResultAsNewEmail()
    {
        var email = $"dup{Guid.NewGuid():N}@example.org";
        using var first = AccountClient.CreateClient(App);
        using var second = AccountClient.CreateClient(App);

        var created = await PostRegisterAsync(first, email, "Right-Password-1");
        var duplicate = await PostRegisterAsync(second, email, "Other-Password-2");
        var createdPage = await first.GetStringAsync(created.Headers.Location);
        var duplicatePage = await second.GetStringAsync(duplicate.Headers.Location);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(created.StatusCode, duplicate.StatusCode);
        Assert.Equal("/account/login?registered=1", created.Headers.Location!.PathAndQuery);
        Assert.Equal(created.Headers.Location, duplicate.Headers.Location);
        Assert.False(SetsAuthCookie(created));
        Assert.False(SetsAuthCookie(duplicate));
        Assert.Equal(Registered(createdPage), Registered(duplicatePage));
        Assert.Contains("If this email was not registered before", Registered(createdPage), StringComparison.Ordinal);
        await AccountClient.ConfirmEmailAsync(App, email);
        // The existing account keeps its own password; the second registration changed nothing.
        Assert.Equal(HttpStatusCode.Redirect, (await AccountClient.PostLoginAsync(AccountClient.CreateClient(App), email, "Right-Password-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await AccountClient.PostLoginAsync(AccountClient.CreateClient(App), email, "Other-Password-2")).StatusCode);
    }

    [Fact]
    public async Task PostRegister_WeakPassword_SaysWhatToFix()
    {
        var response = await PostRegisterAsync(AccountClient.CreateClient(App), $"weak{Guid.NewGuid():N}@example.org", "aaaaaaaaaa");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"register-error\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostLogout_SignedIn_CookieCleared()
    {
        using var client = await AccountClient.SignedInClientAsync(App, AccountClient.DemoEmail(Roles.Patient));
        var token = await AccountClient.GetAntiforgeryTokenAsync(client, "/");

        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["__reason"] = "user",
        }));
        var after = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private async Task RegisterAsync(string email, string password)
    {
        using var client = AccountClient.CreateClient(App);
        var response = await PostRegisterAsync(client, email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        await AccountClient.ConfirmEmailAsync(App, email);
    }

    private static async Task<HttpResponseMessage> PostRegisterAsync(HttpClient client, string email, string password)
    {
        var token = await AccountClient.GetAntiforgeryTokenAsync(client, "/account/register");
        return await client.PostAsync("/account/register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "register",
            ["__RequestVerificationToken"] = token,
            ["Input.Name"] = "Lock Test",
            ["Input.DateOfBirth"] = "1975-01-01",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        }));
    }

    private const string UniformFailure = "Email or password is incorrect, or the account is temporarily locked. Check them and try again, or wait a few minutes.";

    private static string LoginError(string html) => TestId(html, "login-error");

    private static string Registered(string html) => TestId(html, "registered");

    private static string TestId(string html, string id)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, $"data-testid=\"{id}\">([^<]*)</div>");
        Assert.True(match.Success, $"No {id} element in:\n{html}");
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    private static bool SetsAuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("MedPortal.Auth=", StringComparison.Ordinal));

    private static void AssertNoStackTrace(string body)
    {
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }
}
