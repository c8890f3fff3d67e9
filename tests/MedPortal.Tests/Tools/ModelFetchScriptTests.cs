using System.Security.Cryptography;
using MedPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MedPortal.Tests.Tools;

/// <summary>scripts/model.sh against a local stand-in for Hugging Face: download, resume, SHA-256 check, offline.</summary>
public sealed class ModelFetchScriptTests : IAsyncLifetime
{
    private const string File = "Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf";
    private readonly byte[] weights = RandomNumberGenerator.GetBytes(300_000);
    private readonly string models = Path.Combine(Path.GetTempPath(), $"medportal-models-{Guid.NewGuid():N}");
    private WebApplication? server;
    private string baseUrl = "";
    private string etag = "";

    public async Task InitializeAsync()
    {
        etag = Convert.ToHexStringLower(SHA256.HashData(weights));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        server = builder.Build();
        server.MapMethods("/" + File, ["GET", "HEAD"], (HttpContext http) =>
        {
            http.Response.Headers["x-linked-etag"] = $"\"{etag}\"";
            return Results.Bytes(weights, "application/octet-stream", enableRangeProcessing: true);
        });
        server.MapMethods("/bad/" + File, ["GET", "HEAD"], (HttpContext http) =>
        {
            http.Response.Headers["x-linked-etag"] = "\"" + new string('0', 64) + "\"";
            return Results.Bytes(weights, "application/octet-stream", enableRangeProcessing: true);
        });
        await server.StartAsync();
        baseUrl = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    private async Task<(int Code, string Output)> FetchAsync(string baseAddress, string name = "qwen2.5-0.5b-instruct")
    {
        var result = await ChildProcess.RunAsync("bash", [Path.Combine(RepoPaths.Root, "scripts", "model.sh"), "fetch", name],
            new Dictionary<string, string?> { ["MEDPORTAL_MODEL_BASE_URL"] = baseAddress, ["MEDPORTAL_MODELS_DIR"] = models });
        return (result.ExitCode, result.All);
    }

    private string Target => Path.Combine(models, "qwen2.5-0.5b-instruct-q4_k_m.gguf");

    [Fact]
    public async Task Fetch_InterruptedDownload_ResumesAndVerifies()
    {
        Directory.CreateDirectory(models);
        await System.IO.File.WriteAllBytesAsync(Target + ".part", weights[..100_000]);

        var (code, output) = await FetchAsync(baseUrl);

        Assert.True(code == 0, output);
        Assert.Contains("verified (SHA-256 " + etag, output, StringComparison.Ordinal);
        Assert.Equal(weights, await System.IO.File.ReadAllBytesAsync(Target));
        Assert.False(System.IO.File.Exists(Target + ".part"));
        var again = await FetchAsync(baseUrl);
        Assert.Contains("already at", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_ChecksumMismatch_FailsAndRemovesTheFile()
    {
        var (code, output) = await FetchAsync(baseUrl + "/bad");

        Assert.Equal(1, code);
        Assert.Contains("checksum mismatch", output, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(Target));
        Assert.False(System.IO.File.Exists(Target + ".part"));
    }

    [Fact]
    public async Task Fetch_Offline_ClearMessage()
    {
        var (code, output) = await FetchAsync("http://127.0.0.1:1");

        Assert.Equal(1, code);
        Assert.Contains("cannot reach http://127.0.0.1:1", output, StringComparison.Ordinal);
        Assert.Contains("(offline?)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_UnknownName_ListsTheCatalogue()
    {
        var (code, output) = await FetchAsync(baseUrl, "gpt-99");

        Assert.Equal(2, code);
        Assert.Contains("phi-3-mini-4k-instruct", output, StringComparison.Ordinal);
        Assert.Contains("qwen2.5-0.5b-instruct", output, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
        if (Directory.Exists(models))
        {
            Directory.Delete(models, true);
        }
    }
}
