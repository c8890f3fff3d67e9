using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace MedPortal.Tests.Infrastructure;

/// <summary>
/// A chat model stand-in for exercising the chat's own behaviour (stop, retry, refresh, failures) at controlled speed.
/// The real llama.cpp path has its own tests in Inference/.
/// </summary>
public sealed class ScriptedChatClient(IReadOnlyList<string> tokens, TimeSpan delayPerToken, int failAfterTokens = -1, int failTimes = 0) : IChatClient
{
    private int failuresLeft = failTimes;

    public int Calls { get; private set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, string.Concat(tokens))));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Calls++;
        var fail = failAfterTokens >= 0 && Interlocked.Decrement(ref failuresLeft) >= 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (fail && i == failAfterTokens)
            {
                throw new InvalidOperationException("model crashed");
            }
            await Task.Delay(delayPerToken, cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, tokens[i]);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("scripted", null, "scripted-model") : null;

    public void Dispose()
    {
    }

    public static IReadOnlyList<string> Words(string text) => text.Split(' ').Select((w, i) => i == 0 ? w : " " + w).ToList();
}
