using System.Text;
using MedPortal.Inference;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

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
        server.MapPost("/broken/v1/chat/completions", () => Results.Problem("model not loaded", statusCode: 503));
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

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
