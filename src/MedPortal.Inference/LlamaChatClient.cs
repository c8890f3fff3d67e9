using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace MedPortal.Inference;

/// <summary>
/// <see cref="IChatClient"/> over the local <see cref="InferenceHost"/>: messages are formatted with the model's chat
/// template and tokens stream as they decode. <c>ChatOptions.AdditionalProperties["medportal.priority"]</c> may carry an
/// <see cref="InferencePriority"/> (summaries use <see cref="InferencePriority.Summary"/>).
/// </summary>
/// <param name="host">The host.</param>
public sealed class LlamaChatClient(InferenceHost host) : IChatClient
{
    /// <summary>The option key for the request's priority.</summary>
    public const string PriorityKey = "medportal.priority";

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        await GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var conversation = messages.Select(m => (m.Role.Value, m.Text)).ToList();
        var sampling = new SamplingOptions(
            MaxTokens: options?.MaxOutputTokens ?? 512,
            Temperature: options?.Temperature ?? 0.7f,
            TopP: options?.TopP ?? 0.95f,
            Seed: options?.Seed is { } seed ? (uint)seed : 42,
            StopStrings: options?.StopSequences?.ToList());
        object? requested = null;
        options?.AdditionalProperties?.TryGetValue(PriorityKey, out requested);
        var priority = requested switch
        {
            InferencePriority given => given,
            string name when Enum.TryParse<InferencePriority>(name, ignoreCase: true, out var parsed) => parsed,
            _ => InferencePriority.Interactive,
        };
        var id = Guid.NewGuid().ToString("N");
        await foreach (var chunk in host.GenerateChatAsync(conversation, sampling, priority, cancellationToken))
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, chunk.Text)
            {
                ResponseId = id,
                ModelId = host.Model?.Name,
                FinishReason = chunk.Finish switch
                {
                    FinishReason.Length => ChatFinishReason.Length,
                    FinishReason.EndOfGeneration or FinishReason.Stop => ChatFinishReason.Stop,
                    _ => null,
                },
            };
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("medportal-llama.cpp", null, host.Model?.Name)
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
