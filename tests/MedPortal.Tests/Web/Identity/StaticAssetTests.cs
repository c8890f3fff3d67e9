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
    public async Task BlazorScript_IsTheSdksOwnDotNet10ClientScript()
    {
        using var client = AccountClient.CreateClient(fixture.App);
        var html = await client.GetStringAsync("/account/login");
        var script = AssetPattern().Matches(html).Select(m => m.Groups[1].Value).Single(a => a.Contains("blazor.web", StringComparison.Ordinal));

        var body = await client.GetByteArrayAsync("/" + script);

        // Byte for byte one of the scripts of the framework assets package the SDK restored (its version is named nowhere).
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } root
            ? root
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var shipped = Directory.GetDirectories(Path.Combine(packages, "microsoft.aspnetcore.app.internal.assets"))
            .Where(d => Path.GetFileName(d).StartsWith("10.", StringComparison.Ordinal))
            .Select(d => Path.Combine(d, "_framework", "blazor.web.js"))
            .Where(File.Exists)
            .Select(File.ReadAllBytes)
            .ToList();
        Assert.NotEmpty(shipped);
        Assert.Contains(shipped, bytes => bytes.AsSpan().SequenceEqual(body));
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "MedPortal.Web", "wwwroot", "_framework", "blazor.web.js")),
            "no copied client script in the web project");
    }

    [GeneratedRegex("(?:href|src)=\"([^\"]+\\.(?:css|js)[^\"]*)\"")]
    private static partial Regex AssetPattern();
}
