using System.Net;
using System.Text.Json;
using MedPortal.Tests.Infrastructure;

namespace MedPortal.Tests.Web.Health;

public sealed class HealthEndpointTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task Live_Anonymous_Ok()
    {
        using var client = AccountClient.CreateClient(fixture.App);

        var response = await client.GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_DatabaseUp_OkWithDatabaseCheck()
    {
        using var client = AccountClient.CreateClient(fixture.App);

        var response = await client.GetAsync("/health/ready");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    /// <summary>
    /// Stops and restarts a PostgreSQL of its own (not the shared test server, which other tests are using).
    /// </summary>
    [Fact]
    public async Task Ready_DatabaseStoppedThenRestarted_503WithReasonThen200()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        await using var app = new MedPortalApp(await cluster.CreateDatabaseAsync());
        using var client = AccountClient.CreateClient(app);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        await cluster.StopAsync();
        var down = await client.GetAsync("/health/ready");
        var downBody = await down.Content.ReadAsStringAsync();

        await cluster.RestartAsync();
        var up = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Contains("PostgreSQL is unreachable", downBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
    }
}
