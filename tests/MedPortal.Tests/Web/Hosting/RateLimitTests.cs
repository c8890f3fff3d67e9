using System.Net;
using MedPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MedPortal.Tests.Web.Hosting;

/// <summary>
/// Sign-in and registration posts are limited per client address, before antiforgery or form binding. Each test uses
/// its own addresses, so they share one app (limits per hour: sign-in 10, registration 3, summary downloads 4).
/// </summary>
public sealed class RateLimitTests(RateLimitTests.Fixture fixture) : IClassFixture<RateLimitTests.Fixture>
{
    private const int SignInLimit = 10;
    private const int RegistrationLimit = 3;
    private const int ExportLimit = 4;
    private const string Proxy = "10.20.30.40";

    [Fact]
    public async Task PostLogin_FortyFromOneAddress_LimitAnsweredThenTooManyRequests()
    {
        using var client = CreateClient();
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 40; i++)
        {
            statuses.Add((await PostLoginAsync(client, "203.0.113.10", forwardedFor: null)).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, SignInLimit).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 40 - SignInLimit)), statuses);
    }

    [Fact]
    public async Task PostLogin_OverLimit_RetryAfterAndFriendlyMessage()
    {
        using var client = CreateClient();
        for (var i = 0; i < SignInLimit; i++)
        {
            await PostLoginAsync(client, "203.0.113.11", forwardedFor: null);
        }

        var response = await PostLoginAsync(client, "203.0.113.11", forwardedFor: null);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = Assert.Single(response.Headers.GetValues("Retry-After"));
        Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 3600);
        Assert.Contains("Please wait a moment and try again.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.NotNull(response.Headers.GetValues("Content-Security-Policy").SingleOrDefault());
    }

    [Fact]
    public async Task PostLogin_MalformedWithoutToken_BadRequestUntilLimitThenTooManyRequests()
    {
        using var client = CreateClient();
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 20; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
            {
                Content = new StringContent("%%%%=&&&==%zz", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
            };
            request.Headers.Add(PeerAddressFromTestHeader.Header, "203.0.113.12");
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }

        AssertRefusedThenLimited(statuses, SignInLimit);
    }

    [Fact]
    public async Task PostLogin_OneAddressOverLimit_SecondAddressUnaffected()
    {
        using var client = CreateClient();
        for (var i = 0; i < SignInLimit; i++)
        {
            await PostLoginAsync(client, "203.0.113.13", forwardedFor: null);
        }

        var first = await PostLoginAsync(client, "203.0.113.13", forwardedFor: null);
        var second = await PostLoginAsync(client, "203.0.113.14", forwardedFor: null);

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task PostLogin_ThroughKnownProxy_LimitedPerForwardedClient()
    {
        using var client = CreateClient();
        for (var i = 0; i < SignInLimit; i++)
        {
            await PostLoginAsync(client, Proxy, forwardedFor: "198.51.100.20");
        }

        var sameClient = await PostLoginAsync(client, Proxy, forwardedFor: "198.51.100.20");
        var otherClient = await PostLoginAsync(client, Proxy, forwardedFor: "198.51.100.21");

        Assert.Equal(HttpStatusCode.TooManyRequests, sameClient.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
    }

    [Fact]
    public async Task PostRegister_OverLimit_TooManyRequests()
    {
        using var client = CreateClient();
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < RegistrationLimit + 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/account/register") { Content = new FormUrlEncodedContent([]) };
            request.Headers.Add(PeerAddressFromTestHeader.Header, "203.0.113.15");
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }

        AssertRefusedThenLimited(statuses, RegistrationLimit);
    }

    [Fact]
    public async Task GetSummaryPdf_OverLimit_TooManyRequestsBeforeSignInCheck()
    {
        using var client = CreateClient();
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < ExportLimit + 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/summaries/{Guid.NewGuid()}/{(i % 2 == 0 ? "pdf" : "export")}");
            request.Headers.Add(PeerAddressFromTestHeader.Header, "203.0.113.16");
            statuses.Add((await client.SendAsync(request)).StatusCode);
        }

        // Anonymous: the first ones are sent to sign in; past the limit they are refused before authentication.
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Redirect, ExportLimit).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)), statuses);
    }

    // The first `limit` malformed posts reach the app and are refused as bad requests; every later one is limited first.
    private static void AssertRefusedThenLimited(List<HttpStatusCode> statuses, int limit)
    {
        Assert.All(statuses.Take(limit), s => Assert.True((int)s is >= 400 and < 500 and not 429, $"got {(int)s}"));
        Assert.All(statuses.Skip(limit), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    private HttpClient CreateClient() =>
        fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string peer, string? forwardedFor)
    {
        // The GET for the token carries no test address and is not limited: only the post counts.
        var token = await AccountClient.GetAntiforgeryTokenAsync(client, "/account/login");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login",
                ["__RequestVerificationToken"] = token,
                ["Input.Email"] = "nobody-here@example.org",
                ["Input.Password"] = "not-a-password",
            }),
        };
        request.Headers.Add(PeerAddressFromTestHeader.Header, peer);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        return await client.SendAsync(request);
    }

    public sealed class Fixture : PeerAddressAppFixture
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["ReverseProxy:KnownProxies:0"] = Proxy,
            ["RateLimits:SignIn:PermitLimit"] = SignInLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimits:SignIn:WindowSeconds"] = "3600",
            ["RateLimits:Registration:PermitLimit"] = RegistrationLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimits:Registration:WindowSeconds"] = "3600",
            ["RateLimits:Export:PermitLimit"] = ExportLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimits:Export:WindowSeconds"] = "3600",
        };
    }
}
