using System.Text;
using MedPortal.Inference;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MedPortal.Tests.Inference;

public sealed class LlamaChatClientTests(TinyHostFixture tiny) : IClassFixture<TinyHostFixture>
{
    [Fact]
    public async Task Stream_ChatThroughTheHost_UpdatesAsTokensDecodeThenFinishReason()
    {
        IChatClient client = new LlamaChatClient(tiny.Host);
        var updates = new List<ChatResponseUpdate>();

        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hello")], new ChatOptions { MaxOutputTokens = 12, Temperature = 0 }))
        {
            updates.Add(update);
        }

        Assert.True(updates.Count(u => u.Text.Length > 0) >= 2, "tokens arrive as separate updates");
        Assert.Contains(updates, u => u.FinishReason is not null);
        var metadata = (ChatClientMetadata?)client.GetService(typeof(ChatClientMetadata));
        Assert.StartsWith("medportal-host-", metadata!.DefaultModelId, StringComparison.Ordinal);
    }
}

public sealed class OpenAiCompatibleChatClientTests : IAsyncLifetime
{
    private WebApplication? server;
    private Uri address = null!;
    private volatile string? recordedBody;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        server = builder.Build();
        server.MapPost("/v1/chat/completions", async (HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            http.Response.ContentType = "text/event-stream";
            foreach (var word in new[] { "Hello", " from", " the", " server" })
            {
                await http.Response.WriteAsync($"data: {{\"id\":\"r1\",\"model\":\"m\",\"choices\":[{{\"delta\":{{\"content\":\"{word}\"}},\"finish_reason\":null}}]}}\n\n");
                await http.Response.Body.FlushAsync();
            }
            if (body.Contains("drop-me", StringComparison.Ordinal))
            {
                await Task.Delay(300);
                http.Abort();
                return;
            }
            await http.Response.WriteAsync("data: {\"id\":\"r1\",\"model\":\"m\",\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        });
        server.MapPost("/record/v1/chat/completions", async (HttpContext http) =>
        {
            recordedBody = await new StreamReader(http.Request.Body).ReadToEndAsync();
            http.Response.ContentType = "text/event-stream";
            await http.Response.WriteAsync("data: {\"id\":\"r3\",\"model\":\"m\",\"choices\":[{\"delta\":{\"content\":\"noted\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        });
        server.MapPost("/broken/v1/chat/completions", () => Results.Problem("model not loaded", statusCode: 503));
        server.MapPost("/hang/v1/chat/completions", (HttpContext http) => Task.Delay(Timeout.Infinite, http.RequestAborted));
        server.MapGet("/hang/v1/models", (HttpContext http) => Task.Delay(Timeout.Infinite, http.RequestAborted));
        server.MapPost("/stall/v1/chat/completions", async (HttpContext http) =>
        {
            http.Response.ContentType = "text/event-stream";
            await http.Response.WriteAsync("data: {\"id\":\"r1\",\"model\":\"m\",\"choices\":[{\"delta\":{\"content\":\"Hello\"},\"finish_reason\":null}]}\n\n");
            await http.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, http.RequestAborted);
        });
        server.MapGet("/v1/models", () => Results.Json(new { data = new[] { new { id = "m" } } }));
        static bool Authorised(HttpContext http) => http.Request.Headers.Authorization == "Bearer s3cret-token";
        server.MapGet("/secure/v1/models", (HttpContext http) => Authorised(http) ? Results.Json(new { data = Array.Empty<object>() }) : Results.StatusCode(401));
        server.MapPost("/secure/v1/chat/completions", async (HttpContext http) =>
        {
            if (!Authorised(http))
            {
                http.Response.StatusCode = 401;
                return;
            }
            http.Response.ContentType = "text/event-stream";
            await http.Response.WriteAsync("data: {\"id\":\"r2\",\"model\":\"m\",\"choices\":[{\"delta\":{\"content\":\"authorised\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        });
        await server.StartAsync();
        address = new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
    }

    [Fact]
    public async Task Stream_ServerSentEvents_TextInOrderAndStop()
    {
        using var client = new OpenAiCompatibleChatClient(new HttpClient { BaseAddress = address }, "m");
        var text = new StringBuilder();
        ChatFinishReason? finish = null;

        await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]))
        {
            text.Append(update.Text);
            finish ??= update.FinishReason;
        }

        Assert.Equal("Hello from the server", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
    }

    [Fact]
    public async Task Stream_ServerDropsMidReply_ClearErrorAfterThePartialText()
    {
        using var client = new OpenAiCompatibleChatClient(new HttpClient { BaseAddress = address }, "m");
        var text = new StringBuilder();

        var error = await Assert.ThrowsAsync<InferenceRemoteException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "drop-me")]))
            {
                text.Append(update.Text);
            }
        });

        Assert.Equal("Hello from the server", text.ToString());
        Assert.Matches("dropped|closed the stream", error.Message);
    }

    [Fact]
    public async Task Send_ServerError_StatusInTheMessage()
    {
        using var client = new OpenAiCompatibleChatClient(new HttpClient { BaseAddress = new Uri(address, "broken/") }, "m");

        var error = await Assert.ThrowsAsync<InferenceRemoteException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Contains("answered 503", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_NoServer_ClearError()
    {
        using var client = new OpenAiCompatibleChatClient(new HttpClient { BaseAddress = new Uri("http://127.0.0.1:1/") }, "m");

        var error = await Assert.ThrowsAsync<InferenceRemoteException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Contains("could not be reached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ServerHangs_ClearErrorAfterTheConfiguredTimeout()
    {
        using var client = new OpenAiCompatibleChatClient(new HttpClient { BaseAddress = new Uri(address, "hang/") }, "m", TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<InferenceRemoteException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Contains("did not answer within 0.3 s (Inference:RemoteTimeoutSeconds)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_ServerStallsMidReply_ClearErrorAfterTheTimeout()
    {
        using var client = new OpenAiCompatibleChatClient(new HttpClient { BaseAddress = new Uri(address, "stall/") }, "m", TimeSpan.FromMilliseconds(300));
        var text = new StringBuilder();

        var error = await Assert.ThrowsAsync<InferenceRemoteException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]))
            {
                text.Append(update.Text);
            }
        });

        Assert.Equal("Hello", text.ToString());
        Assert.Contains("stopped sending the reply", error.Message, StringComparison.Ordinal);
    }

    private static RemoteReadinessProbe Probe(Uri server, ModelStatusMonitor status, int timeoutMs = 2000) =>
        new(new HttpClient { BaseAddress = server }, TimeSpan.FromMilliseconds(timeoutMs), "m", status, NullLogger<RemoteReadinessProbe>.Instance);

    [Fact]
    public async Task Probe_ServerAnswers_Ready()
    {
        var status = new ModelStatusMonitor();

        await Probe(address, status).CheckAsync(CancellationToken.None);

        Assert.Equal(ModelState.Ready, status.State);
    }

    [Fact]
    public async Task Probe_ServerRefuses_FailedNotReady()
    {
        var status = new ModelStatusMonitor();
        status.Set(ModelState.Ready, "m");

        await Probe(new Uri("http://127.0.0.1:1/"), status).CheckAsync(CancellationToken.None);

        Assert.Equal(ModelState.Failed, status.State);
        Assert.Contains("could not be reached", status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_ServerHangs_FailedAfterTheTimeout()
    {
        var status = new ModelStatusMonitor();

        await Probe(new Uri(address, "hang/"), status, timeoutMs: 300).CheckAsync(CancellationToken.None);

        Assert.Equal(ModelState.Failed, status.State);
        Assert.Contains("did not answer within 0.3 s", status.Reason, StringComparison.Ordinal);
    }

    private static IHost RemoteHost(IDictionary<string, string?> settings, Func<IServiceProvider, IChatClient, IChatClient>? wrapRemote = null, bool deidentify = false)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Inference:Provider"] = "Remote",
            ["Inference:RemoteModel"] = "m",
            ["Inference:RemoteDeidentify"] = deidentify ? "true" : "false",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddInference(wrapRemote);
        return builder.Build();
    }

    [Fact]
    public async Task AddInference_RemoteDeidentifyWithTheScrubber_ServerReceivesNoIdentifiers()
    {
        var scrubber = new MedPortal.Core.Privacy.PhiScrubber();
        using var host = RemoteHost(
            new Dictionary<string, string?>
            {
                ["Inference:RemoteUrl"] = new Uri(address, "record/").ToString(),
                ["Inference:RemoteAllowHttpLoopback"] = "true",
            },
            (_, remote) => new MedPortal.Core.Privacy.DeidentifyingChatClient(remote, scrubber),
            deidentify: true);
        const string message = "My name is John Smith, born 03/14/1961, MRN 4829311, call me on 617-555-0123 or john.smith@example.com. I have chest pain.";

        var reply = await host.Services.GetRequiredService<IChatClient>().GetResponseAsync(
            [new ChatMessage(ChatRole.System, "You are a triage assistant."), new ChatMessage(ChatRole.User, message)]);

        Assert.Equal("noted", reply.Text);
        var body = recordedBody!;
        foreach (var identifier in new[] { "John", "Smith", "03/14/1961", "4829311", "617-555-0123", "john.smith@example.com" })
        {
            Assert.DoesNotContain(identifier, body, StringComparison.Ordinal);
        }
        Assert.Contains("chest pain", body, StringComparison.Ordinal);
        Assert.Contains("[NAME]", body, StringComparison.Ordinal);
        Assert.Contains("You are a triage assistant.", body, StringComparison.Ordinal);
    }

    [Fact]
    public void AddInference_RemoteDeidentifyOnWithoutADeidentifier_RefusesToBuildTheClient()
    {
        using var host = RemoteHost(
            new Dictionary<string, string?>
            {
                ["Inference:RemoteUrl"] = new Uri(address, "record/").ToString(),
                ["Inference:RemoteAllowHttpLoopback"] = "true",
            },
            deidentify: true);

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<IChatClient>());
        Assert.Contains("Inference:RemoteDeidentify", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddInference_RemoteWithApiKey_BearerSentProbeReadyAndReplyArrives()
    {
        using var host = RemoteHost(new Dictionary<string, string?>
        {
            ["Inference:RemoteUrl"] = new Uri(address, "secure/").ToString(),
            ["Inference:RemoteAllowHttpLoopback"] = "true",
            ["Inference:RemoteApiKey"] = "s3cret-token",
        });

        await host.Services.GetRequiredService<RemoteReadinessProbe>().CheckAsync(CancellationToken.None);
        var reply = await host.Services.GetRequiredService<IChatClient>().GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);

        Assert.Equal(ModelState.Ready, host.Services.GetRequiredService<ModelStatusMonitor>().State);
        Assert.Equal("authorised", reply.Text);
    }

    [Fact]
    public async Task AddInference_RemoteWithoutApiKey_ProbeFailedWithTheHint()
    {
        using var host = RemoteHost(new Dictionary<string, string?>
        {
            ["Inference:RemoteUrl"] = new Uri(address, "secure/").ToString(),
            ["Inference:RemoteAllowHttpLoopback"] = "true",
        });
        var status = host.Services.GetRequiredService<ModelStatusMonitor>();

        await host.Services.GetRequiredService<RemoteReadinessProbe>().CheckAsync(CancellationToken.None);

        Assert.Equal(ModelState.Failed, status.State);
        Assert.Contains("answered 401", status.Reason, StringComparison.Ordinal);
        Assert.Contains("Inference:RemoteApiKey", status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RemotePlainHttpOnLoopbackNotAllowed_FailsWithWhatToChange()
    {
        using var host = RemoteHost(new Dictionary<string, string?> { ["Inference:RemoteUrl"] = address.ToString() });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Inference:RemoteAllowHttpLoopback=true", error.Message, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
