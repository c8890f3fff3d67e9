using System.Net;
using MedPortal.Core.Identity;
using MedPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MedPortal.Tests.Web.Hosting;

/// <summary>
/// Outside Development: cookies are Secure, HSTS goes out on HTTPS, and X-Forwarded-Proto counts only from a configured
/// proxy. The in-memory server has no client address, so a test header stands in for the TCP peer
/// (<see cref="PeerAddressFromTestHeader"/>).
/// </summary>
public sealed class TransportTests : IAsyncLifetime
{
    private const string Proxy = "10.20.30.40";
    private MedPortalApp app = null!;

    public async Task InitializeAsync()
    {
        app = new MedPortalApp(
            await TestDatabase.CreateAsync(),
            new Dictionary<string, string?> { ["ReverseProxy:KnownProxies:0"] = Proxy },
            services => services.AddSingleton<IStartupFilter, PeerAddressFromTestHeader>(),
            environment: "Production");
        _ = app.Server;
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task SignIn_Production_EveryCookieSecure()
    {
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://clinic.example"),
            AllowAutoRedirect = false,
            HandleCookies = true,
        });

        var login = await client.GetAsync("/account/login");
        var password = await AccountClient.PostLoginAsync(client, AccountClient.DemoEmail(Roles.Nurse), AccountClient.DemoPassword);
        var signIn = await AccountClient.PostSignInCodeAsync(client, Totp.Code(AccountClient.DemoAuthenticatorKey));

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookies = login.Headers.GetValues("Set-Cookie").Concat(password.Headers.GetValues("Set-Cookie")).Concat(signIn.Headers.GetValues("Set-Cookie")).ToList();
        Assert.Contains(cookies, c => c.StartsWith("MedPortal.Auth=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Get_HttpsForwardedByKnownProxy_Hsts()
    {
        using var client = app.CreateClient();

        var response = await SendAsync(client, peer: Proxy);

        Assert.Contains("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ForwardedProtoFromUnknownPeer_IgnoredNoHsts()
    {
        using var client = app.CreateClient();

        var response = await SendAsync(client, peer: "203.0.113.9");

        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string peer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://clinic.example/health/live");
        request.Headers.Add(PeerAddressFromTestHeader.Header, peer);
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "198.51.100.7");
        return await client.SendAsync(request);
    }
}
