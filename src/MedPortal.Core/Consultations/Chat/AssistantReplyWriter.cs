using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace MedPortal.Core.Consultations.Chat;

/// <summary>
/// Streams one assistant reply into its stored message: the text so far is saved as it grows, a stopped or failed reply
/// keeps its partial text and is marked incomplete, and a reply that claims a diagnosis is replaced by the protocol's
/// wording.
/// </summary>
public sealed partial class AssistantReplyWriter(ConsultationConversation conversation, TimeProvider clock, ILogger<AssistantReplyWriter> logger)
{
    private static readonly TimeSpan SaveInterval = TimeSpan.FromMilliseconds(750);

    /// <summary>Streams a model's reply into <paramref name="target"/>.</summary>
    /// <param name="target">The assistant message, created in <see cref="MessageState.Streaming"/>.</param>
    /// <param name="client">The model.</param>
    /// <param name="prompt">The conversation as the model should see it.</param>
    /// <param name="options">Sampling options.</param>
    /// <param name="safeReply">What to say instead if the model's text claims a diagnosis, or says nothing.</param>
    /// <param name="onText">Called with the whole text so far after each update.</param>
    /// <param name="cancellationToken">Stop: the partial text is kept and the reply marked incomplete.</param>
    public Task<ReplyOutcome> StreamAsync(
        ConsultationMessage target,
        IChatClient client,
        IReadOnlyList<ChatMessage> prompt,
        ChatOptions options,
        string safeReply,
        Func<string, Task> onText,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return WriteAsync(target, ModelText(client, prompt, options, cancellationToken), safeReply, onText, cancellationToken);
    }

    /// <summary>Streams the protocol's own wording into <paramref name="target"/>, word by word, as a model's tokens would arrive.</summary>
    /// <param name="target">The assistant message, created in <see cref="MessageState.Streaming"/>.</param>
    /// <param name="protocolText">The exact words to say.</param>
    /// <param name="onText">Called with the whole text so far after each word.</param>
    /// <param name="cancellationToken">Stop: the partial text is kept and the reply marked incomplete.</param>
    public Task<ReplyOutcome> StreamProtocolAsync(ConsultationMessage target, string protocolText, Func<string, Task> onText, CancellationToken cancellationToken) =>
        WriteAsync(target, Words(protocolText, cancellationToken), protocolText, onText, cancellationToken);

    private static async IAsyncEnumerable<string> ModelText(
        IChatClient client, IReadOnlyList<ChatMessage> prompt, ChatOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var update in client.GetStreamingResponseAsync(prompt, options, cancellationToken))
        {
            yield return update.Text;
        }
    }

    private static async IAsyncEnumerable<string> Words(string text, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var start = 0;
        while (start < text.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = text.IndexOf(' ', start + 1);
            end = end < 0 ? text.Length : end;
            yield return text[start..end];
            start = end;
            // Yielding lets the page render progressively without an artificial delay.
            await Task.Yield();
        }
    }

    private async Task<ReplyOutcome> WriteAsync(ConsultationMessage target, IAsyncEnumerable<string> chunks, string safeReply, Func<string, Task> onText, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var lastSave = clock.GetTimestamp();
        try
        {
            await foreach (var chunk in chunks.WithCancellation(cancellationToken))
            {
                if (string.IsNullOrEmpty(chunk))
                {
                    continue;
                }
                text.Append(ChatLimits.Printable(chunk));
                if (DiagnosisClaimGuard.ClaimsDiagnosis(text.ToString()))
                {
                    LogGuardTripped(target.ConsultationId);
                    await onText(safeReply);
                    await conversation.SaveReplyAsync(target.Id, safeReply, MessageState.Complete, CancellationToken.None);
                    return ReplyOutcome.Completed(safeReply);
                }
                await onText(text.ToString());
                if (clock.GetElapsedTime(lastSave) >= SaveInterval)
                {
                    lastSave = clock.GetTimestamp();
                    await conversation.SaveReplyAsync(target.Id, text.ToString(), MessageState.Streaming, cancellationToken);
                }
            }
            var final = text.ToString().Trim();
            if (final.Length == 0)
            {
                // A model that says nothing gets the protocol's words instead of an empty bubble.
                final = safeReply;
                await onText(final);
            }
            await conversation.SaveReplyAsync(target.Id, final, MessageState.Complete, CancellationToken.None);
            return ReplyOutcome.Completed(final);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await conversation.SaveReplyAsync(target.Id, text.ToString(), MessageState.Incomplete, CancellationToken.None);
            return ReplyOutcome.Stopped(text.ToString());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The model crashed mid-stream (native fault surfaced as an exception, remote server gone, …).
            LogReplyFailed(ex.GetType().Name, target.ConsultationId);
            await conversation.SaveReplyAsync(target.Id, text.ToString(), MessageState.Incomplete, CancellationToken.None);
            return ReplyOutcome.Failed(text.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Assistant reply in consultation {ConsultationId} claimed a diagnosis; replaced by protocol wording")]
    private partial void LogGuardTripped(Guid consultationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Assistant reply failed ({Error}) in consultation {ConsultationId}")]
    private partial void LogReplyFailed(string error, Guid consultationId);
}

/// <summary>How a reply ended.</summary>
/// <param name="Kind">Completed, stopped by the patient, or failed.</param>
/// <param name="Text">The text that was kept.</param>
public sealed record ReplyOutcome(ReplyOutcomeKind Kind, string Text)
{
    /// <summary>The reply finished.</summary>
    public static ReplyOutcome Completed(string text) => new(ReplyOutcomeKind.Completed, text);

    /// <summary>The patient stopped it (or left the page).</summary>
    public static ReplyOutcome Stopped(string text) => new(ReplyOutcomeKind.Stopped, text);

    /// <summary>The model failed mid-stream.</summary>
    public static ReplyOutcome Failed(string text) => new(ReplyOutcomeKind.Failed, text);
}

/// <summary>The kinds of <see cref="ReplyOutcome"/>.</summary>
public enum ReplyOutcomeKind
{
    /// <summary>Finished.</summary>
    Completed,

    /// <summary>Stopped by the patient.</summary>
    Stopped,

    /// <summary>The model failed.</summary>
    Failed,
}
