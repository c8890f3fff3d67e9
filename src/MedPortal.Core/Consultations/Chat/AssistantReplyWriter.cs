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

    /// <summary>Streams <paramref name="client"/>'s reply into <paramref name="target"/>.</summary>
    /// <param name="target">The assistant message, created in <see cref="MessageState.Streaming"/>.</param>
    /// <param name="client">The model, or <see cref="ProtocolChatClient"/>.</param>
    /// <param name="prompt">The conversation as the model should see it.</param>
    /// <param name="options">Sampling options (and the protocol text for the protocol client).</param>
    /// <param name="safeReply">What to say instead if the model's text claims a diagnosis.</param>
    /// <param name="onText">Called with the whole text so far after each update.</param>
    /// <param name="cancellationToken">Stop: the partial text is kept and the reply marked incomplete.</param>
    public async Task<ReplyOutcome> StreamAsync(
        ConsultationMessage target,
        IChatClient client,
        IReadOnlyList<ChatMessage> prompt,
        ChatOptions options,
        string safeReply,
        Func<string, Task> onText,
        CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var lastSave = clock.GetTimestamp();
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync(prompt, options, cancellationToken))
            {
                if (string.IsNullOrEmpty(update.Text))
                {
                    continue;
                }
                text.Append(ChatLimits.Printable(update.Text));
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
