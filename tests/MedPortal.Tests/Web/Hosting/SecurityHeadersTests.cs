using System.Net;
using System.Text.RegularExpressions;
using MedPortal.Core.Identity;
using MedPortal.Tests.Infrastructure;

namespace MedPortal.Tests.Web.Hosting;

/// <summary>Every response, public or signed in, page, endpoint or error, carries the browser-hardening headers.</summary>
public sealed partial class SecurityHeadersTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    public static TheoryData<string> PublicPaths => ["/account/login", "/account/register", "/account/forgot-password", "/account/reset-password", "/", "/health/live", "/health/ready", "/no-such-page"];

    public static TheoryData<string, string> SignedInPaths => new()
    {
        { Roles.Patient, "/consultations" },
        { Roles.Nurse, "/triage" },
        { Roles.Nurse, "/triage/dashboard" },
        { Roles.Clinician, "/summaries" },
        { Roles.Admin, "/admin/audit" },
        { Roles.Admin, "/admin/users" },
    };

    [Theory]
    [MemberData(nameof(PublicPaths))]
    public async Task Get_PublicPath_CarriesSecurityHeaders(string path)
    {
        using var client = AccountClient.CreateClient(fixture.App);

        var response = await client.GetAsync(path);

        AssertSecurityHeaders(response);
    }

    [Theory]
    [MemberData(nameof(SignedInPaths))]
    public async Task Get_SignedInPage_OkWithSecurityHeaders(string role, string path)
    {
        using var client = await AccountClient.SignedInClientAsync(fixture.App, AccountClient.DemoEmail(role));

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task Get_Page_ImportMapCarriesThisResponsesNonce()
    {
        using var client = AccountClient.CreateClient(fixture.App);

        var first = await client.GetAsync("/account/login");
        var second = await client.GetAsync("/account/login");
        var nonce = NonceOf(first);
        var html = await first.Content.ReadAsStringAsync();

        Assert.Matches("<script[^>]*type=\"importmap\"[^>]*nonce=\"" + Regex.Escape(nonce) + "\"|<script[^>]*nonce=\"" + Regex.Escape(nonce) + "\"[^>]*type=\"importmap\"", html);
        Assert.NotEqual(nonce, NonceOf(second));
    }

    private static string NonceOf(HttpResponseMessage response) =>
        NoncePattern().Match(string.Join(' ', response.Headers.GetValues("Content-Security-Policy"))).Groups[1].Value;

    internal static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Matches(NoncePattern(), csp);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.DoesNotMatch("script-src[^;]*unsafe-inline", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        var permissions = Assert.Single(response.Headers.GetValues("Permissions-Policy"));
        Assert.Contains("camera=()", permissions, StringComparison.Ordinal);
        Assert.Contains("geolocation=()", permissions, StringComparison.Ordinal);
        Assert.Contains("microphone=(self)", permissions, StringComparison.Ordinal);
    }

    [GeneratedRegex("script-src 'self' 'nonce-([A-Za-z0-9+/=]{20,})'")]
    private static partial Regex NoncePattern();
}
