using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace MedPortal.Core.Consultations.Chat;

/// <summary>
/// The assistant when no model is ready: it "says" exactly the protocol's own wording, passed in
/// <see cref="ChatOptions.AdditionalProperties"/> under <see cref="ReplyKey"/>, through the same streaming path a model
/// uses, so the chat works identically in protocol-only mode.
/// </summary>
public sealed class ProtocolChatClient : IChatClient
{
    /// <summary>The options key holding the reply text.</summary>
    public const string ReplyKey = "medportal.protocol_reply";

    /// <summary>The engine name shown to patients and recorded as provenance.</summary>
    public const string EngineName = "protocol";

    private static readonly ChatClientMetadata Metadata = new("medportal-protocol", null, EngineName);

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var text = new System.Text.StringBuilder();
        await foreach (var update in GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            text.Append(update.Text);
        }
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text.ToString())) { ModelId = EngineName };
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reply = options?.AdditionalProperties?.TryGetValue(ReplyKey, out var value) == true ? value as string : null;
        if (string.IsNullOrEmpty(reply))
        {
            throw new InvalidOperationException($"The protocol client needs the reply text in ChatOptions.AdditionalProperties[\"{ReplyKey}\"].");
        }
        // Word by word, like a model's tokens; yielding lets the UI render progressively without an artificial delay.
        var start = 0;
        while (start < reply.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = reply.IndexOf(' ', start + 1);
            end = end < 0 ? reply.Length : end;
            yield return new ChatResponseUpdate(ChatRole.Assistant, reply[start..end]) { ModelId = EngineName };
            start = end;
            await Task.Yield();
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
