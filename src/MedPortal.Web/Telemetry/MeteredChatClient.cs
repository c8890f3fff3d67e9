using System.Diagnostics;
using System.Runtime.CompilerServices;
using MedPortal.Core.Telemetry;
using Microsoft.Extensions.AI;

namespace MedPortal.Web.Telemetry;

/// <summary>
/// Wraps the configured chat model (local llama.cpp or a remote server) with a <c>chat.generate</c> span and the chat
/// metrics: first-token latency (queue wait and prefill included), output rate and outcome. Never reads the text.
/// </summary>
internal sealed class MeteredChatClient(IChatClient inner, string provider) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var span = Start();
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            WebMetrics.RecordReply(provider, "completed", 0, TimeSpan.Zero);
            return response;
        }
        catch (Exception ex)
        {
            Outcome(span, ex, cancellationToken);
            throw;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var span = Start();
        var started = Stopwatch.GetTimestamp();
        long firstAt = 0;
        long updates = 0;
        long? reportedTokens = null;
        var finished = false;
        await using var stream = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await stream.MoveNextAsync())
                    {
                        break;
                    }
                    update = stream.Current;
                }
                catch (Exception ex)
                {
                    Outcome(span, ex, cancellationToken);
                    finished = true;
                    throw;
                }
                if (update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details.OutputTokenCount is { } reported)
                {
                    reportedTokens = reported;
                }
                if (!string.IsNullOrEmpty(update.Text))
                {
                    if (updates++ == 0)
                    {
                        firstAt = Stopwatch.GetTimestamp();
                        var latency = Stopwatch.GetElapsedTime(started, firstAt);
                        WebMetrics.RecordFirstToken(latency, provider);
                        span?.AddEvent(new ActivityEvent("first_token"));
                    }
                }
                yield return update;
            }
            finished = true;
            var tokens = reportedTokens ?? updates;
            span?.SetTag("gen_ai.usage.output_tokens", tokens);
            WebMetrics.RecordReply(provider, "completed", tokens, firstAt == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(firstAt));
        }
        finally
        {
            if (!finished)
            {
                // The caller stopped reading (the patient pressed Stop or left the page).
                span?.SetTag("medportal.outcome", "cancelled");
                WebMetrics.RecordReply(provider, "cancelled", updates, TimeSpan.Zero);
            }
        }
    }

    private Activity? Start()
    {
        var span = MedPortalTelemetry.StartSpan("chat.generate", ActivityKind.Client);
        if (span is not null)
        {
            span.SetTag("gen_ai.operation.name", "chat");
            span.SetTag("medportal.inference.provider", provider);
            if (GetService(typeof(ChatClientMetadata)) is ChatClientMetadata { DefaultModelId: { } model })
            {
                span.SetTag("gen_ai.request.model", model);
            }
        }
        return span;
    }

    private void Outcome(Activity? span, Exception ex, CancellationToken cancellationToken)
    {
        var cancelled = ex is OperationCanceledException && cancellationToken.IsCancellationRequested;
        // The exception's type only: a message could quote the prompt.
        span?.SetStatus(cancelled ? ActivityStatusCode.Unset : ActivityStatusCode.Error, cancelled ? null : ex.GetType().Name);
        span?.SetTag("medportal.outcome", cancelled ? "cancelled" : "failed");
        WebMetrics.RecordReply(provider, cancelled ? "cancelled" : "failed", 0, TimeSpan.Zero);
    }
}
