using System.Net;
using System.Text.RegularExpressions;
using MedPortal.Tests.Infrastructure;

namespace MedPortal.Tests.Web.Identity;

public sealed partial class StaticAssetTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task LoginPage_EveryScriptAndStylesheet_ServedAnonymously()
    {
        using var client = AccountClient.CreateClient(fixture.App);
        var html = await client.GetStringAsync("/account/login");
        var assets = AssetPattern().Matches(html).Select(m => m.Groups[1].Value).ToList();

        Assert.Contains(assets, a => a.Contains("blazor.web", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Contains("app.", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            var response = await client.GetAsync("/" + asset.TrimStart('/'));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task BlazorScript_IsTheExtractedClientScript()
    {
        using var client = AccountClient.CreateClient(fixture.App);
        var html = await client.GetStringAsync("/account/login");
        var script = AssetPattern().Matches(html).Select(m => m.Groups[1].Value).Single(a => a.Contains("blazor.web", StringComparison.Ordinal));

        var body = await client.GetStringAsync("/" + script);

        Assert.True(body.Length > 100_000, "blazor.web.js looks truncated");
        Assert.Contains("Blazor", body, StringComparison.Ordinal);
    }

    [GeneratedRegex("(?:href|src)=\"([^\"]+\\.(?:css|js)[^\"]*)\"")]
    private static partial Regex AssetPattern();
}
