using System.Net;
using System.Text.Json;
using MedPortal.Core.Identity;
using MedPortal.Tests.Infrastructure;

namespace MedPortal.Tests.Web.Health;

public sealed class HealthEndpointTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static readonly string[] ReadyChecks = ["database", "live-events", "inference", "pdf-browser"];

    [Fact]
    public async Task Live_Anonymous_Ok()
    {
        using var client = AccountClient.CreateClient(fixture.App);

        var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_Anonymous_OkWithStatusOnly()
    {
        using var client = AccountClient.CreateClient(fixture.App);

        var response = await client.GetAsync("/health/ready");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["status"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_Admin_EveryCheckWithDescription()
    {
        using var client = await AccountClient.SignedInClientAsync(fixture.App, AccountClient.DemoEmail(Roles.Admin));

        var response = await client.GetAsync("/health/ready");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal(ReadyChecks.Order(), checks.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("live-events").GetProperty("status").GetString());
        // No model is configured in tests: protocol-only counts as ready.
        Assert.Equal("Healthy", checks.GetProperty("inference").GetProperty("status").GetString());
        Assert.Contains("protocol-only", checks.GetProperty("inference").GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_Nurse_StatusOnly()
    {
        using var client = await AccountClient.SignedInClientAsync(fixture.App, AccountClient.DemoEmail(Roles.Nurse));

        using var json = JsonDocument.Parse(await client.GetStringAsync("/health/ready"));

        Assert.False(json.RootElement.TryGetProperty("checks", out _));
    }

    /// <summary>
    /// Stops and restarts a PostgreSQL of its own (not the shared test server, which other tests are using).
    /// </summary>
    [Fact]
    public async Task Ready_DatabaseStoppedThenRestarted_503WithoutErrorTextForAnonymousReasonForAdminThen200()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        await using var app = new MedPortalApp(await cluster.CreateDatabaseAsync());
        using var anonymous = AccountClient.CreateClient(app);
        using var admin = await AccountClient.SignedInClientAsync(app, AccountClient.DemoEmail(Roles.Admin));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);

        await cluster.StopAsync();
        var down = await anonymous.GetAsync("/health/ready");
        var downBody = await down.Content.ReadAsStringAsync();
        var adminDown = await admin.GetAsync("/health/ready");
        var adminBody = await adminDown.Content.ReadAsStringAsync();

        await cluster.RestartAsync();
        // The listener reconnects with back-off (at most 10 s between tries): wait for it, with a deadline.
        var up = await anonymous.GetAsync("/health/ready");
        for (var deadline = DateTime.UtcNow.AddSeconds(30); up.StatusCode != HttpStatusCode.OK && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(500);
            up = await anonymous.GetAsync("/health/ready");
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        using (var json = JsonDocument.Parse(downBody))
        {
            Assert.Equal(["status"], json.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal("Unhealthy", json.RootElement.GetProperty("status").GetString());
        }
        Assert.DoesNotContain("PostgreSQL", downBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", downBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, adminDown.StatusCode);
        Assert.Contains("PostgreSQL is unreachable", adminBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
    }
}
