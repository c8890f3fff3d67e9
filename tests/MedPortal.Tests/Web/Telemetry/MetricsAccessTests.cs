using System.Net;
using System.Net.Sockets;
using MedPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MedPortal.Tests.Web.Telemetry;

/// <summary>Who may read /metrics: the real app on its own database, in memory (any peer address) and over real sockets.</summary>
public sealed class MetricsAccessTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Theory]
    [InlineData("127.0.0.1", null, HttpStatusCode.OK)]
    [InlineData("::1", null, HttpStatusCode.OK)]
    [InlineData("203.0.113.7", null, HttpStatusCode.NotFound)]
    [InlineData("10.1.2.3", null, HttpStatusCode.NotFound)]
    [InlineData("::ffff:192.0.2.10", null, HttpStatusCode.NotFound)]
    // A proxy on the same machine makes every caller loopback: a forwarded request is refused too.
    [InlineData("127.0.0.1", "198.51.100.4", HttpStatusCode.NotFound)]
    public async Task Metrics_ByPeerAddress_OnlyLoopbackWithoutProxyIsServed(string peer, string? forwardedFor, HttpStatusCode expected)
    {
        var context = await fixture.App.Server.SendAsync(http =>
        {
            http.Request.Method = HttpMethods.Get;
            http.Request.Path = "/metrics";
            http.Connection.RemoteIpAddress = IPAddress.Parse(peer);
            if (forwardedFor is not null)
            {
                http.Request.Headers["X-Forwarded-For"] = forwardedFor;
            }
        });

        Assert.Equal((int)expected, context.Response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
            Assert.Contains("# TYPE ", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task MetricsPort_OverRealSockets_ServesMetricsAndHealthOnlyAndMainPortStaysGuarded()
    {
        var management = FreeLoopbackPort();
        await using var app = new MedPortalApp(await TestDatabase.CreateAsync(), new Dictionary<string, string?> { ["Telemetry:MetricsPort"] = management.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        app.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, management);
        });
        app.StartServer();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToArray();
        var main = addresses.Single(a => a.Port != management);
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"http://127.0.0.1:{management}/metrics"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"http://127.0.0.1:{management}/health/live"))).StatusCode);
        // The management port is not a second way into the portal.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri($"http://127.0.0.1:{management}/account/login"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(main, "/metrics"))).StatusCode);
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, new Uri(main, "/metrics"));
        forwarded.Headers.Add("X-Forwarded-For", "198.51.100.4");
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(forwarded)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(main, "/account/login"))).StatusCode);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
