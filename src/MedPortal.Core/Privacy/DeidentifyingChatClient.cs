using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace MedPortal.Core.Privacy;

/// <summary>
/// A chat client that removes identifiers from every text part of every message before it leaves the process (a
/// remote inference server is outside the record). Each identifier becomes its typed placeholder (<c>[NAME]</c>,
/// <c>[DATE]</c> …); the reply comes back unchanged. Non-text parts are passed through.
/// </summary>
/// <param name="inner">The client that talks to the server.</param>
/// <param name="scrubber">The de-identifier.</param>
public sealed class DeidentifyingChatClient(IChatClient inner, PhiScrubber scrubber) : DelegatingChatClient(inner)
{
    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(Scrub(messages), options, cancellationToken);

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in base.GetStreamingResponseAsync(Scrub(messages), options, cancellationToken))
        {
            yield return update;
        }
    }

    /// <summary>The messages as the server will see them: same roles and order, identifiers replaced in the text.</summary>
    public IReadOnlyList<ChatMessage> Scrub(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return [.. messages.Select(m => new ChatMessage(m.Role, [.. m.Contents.Select(Scrub)]) { AuthorName = m.AuthorName is null ? null : "[NAME]" })];
    }

    private AIContent Scrub(AIContent content) =>
        content is TextContent text ? new TextContent(scrubber.Scrub(text.Text ?? "").Text) : content;
}
