using System.Runtime.CompilerServices;
using System.Threading.Channels;
using MedPortal.Core.Audit;
using MedPortal.Core.Consultations.Interview;
using MedPortal.Core.Consultations.Screening;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace MedPortal.Core.Consultations.Chat;

/// <summary>
/// The patient's chat turn, whole: store the message (once per client message id, retrying through a database outage),
/// screen the conversation with the rules once, plan the reply, choose the model or the protocol's own words, stream
/// it, save it, and say when the recap is ready. Every step yields a <see cref="ChatTurnUpdate"/>; failures become
/// <see cref="TurnFailed"/> or <see cref="PatientMessageRejected"/> updates, never exceptions for the page to sort out.
/// Every call takes the acting patient and refuses a consultation that is not theirs.
/// </summary>
public sealed partial class AnswerPatient(
    ConsultationConversation conversation,
    ConsultationAssistant assistant,
    AssistantReplyWriter writer,
    ActiveReplies replies,
    IAssistantModelSource models,
    Identity.PeopleDirectory people,
    ILogger<AnswerPatient> logger)
{
    /// <summary>What the patient reads when the clinic's server cannot be reached mid-turn.</summary>
    public const string DatabaseProblem = "The connection to the clinic's server failed. Your messages are saved; press Retry to try again.";

    /// <summary>What the patient reads when the model stops mid-reply.</summary>
    public const string ModelProblem = "The assistant stopped unexpectedly. Your messages are saved; press Retry to try again.";

    /// <summary>What the patient reads beside a message that is waiting for the database.</summary>
    public const string NotSentYet = "Not sent yet: the connection to the clinic's server failed. Retrying…";

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(8);

    private readonly TurnQueue stores = new();
    private readonly TurnQueue answers = new();

    /// <summary>Opens the actor's consultation: its messages, the emergency banner if one applies, and a reply streaming now.</summary>
    public async Task<ChatOpening> OpenAsync(AuditActor patient, Guid consultationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patient);
        try
        {
            var consultation = await conversation.LoadAsync(patient, consultationId, replies.Snapshot(), cancellationToken);
            if (consultation is null || consultation.PatientId != patient.UserId)
            {
                return new ChatOpening(null, new TurnFailed(TurnFailure.NotFound, ConsultationConversation.NotFound));
            }
            var messages = consultation.Messages.OrderBy(m => m.Sequence).ToList();
            ScreeningResult? emergency = null;
            if (consultation.Status == ConsultationStatus.InProgress && messages.Any(m => m.Author == MessageAuthor.Patient))
            {
                var screening = await assistant.TriageAsync(patient, consultationId, cancellationToken);
                emergency = screening.IsEmergency ? screening : null;
            }
            var streaming = messages.LastOrDefault(m => m.State == MessageState.Streaming);
            var live = streaming is null ? null : replies.Find(streaming.Id);
            var authors = await people.NamesAsync(patient, messages.Select(m => m.AuthorId), cancellationToken);
            return new ChatOpening(new OpenedChat(consultation.Status, messages, emergency, live, authors), null);
        }
        catch (Exception ex) when (TransientFailures.Is(ex))
        {
            LogDatabaseFailed(ex.GetType().Name, consultationId);
            return new ChatOpening(null, new TurnFailed(TurnFailure.DatabaseUnavailable, DatabaseProblem));
        }
    }

    /// <summary>
    /// One patient message and the assistant's answer. Calls for one consultation store their messages in call order,
    /// and answer one at a time; a message sent while a reply streams is answered after it.
    /// </summary>
    /// <param name="patient">The acting patient.</param>
    /// <param name="consultationId">Their consultation.</param>
    /// <param name="clientMessageId">The page's id for this message: sending it again stores it once.</param>
    /// <param name="text">What the patient typed.</param>
    /// <param name="cancellationToken">The page's lifetime: leaving ends the turn; a reply cut short is kept as incomplete.</param>
    public IAsyncEnumerable<ChatTurnUpdate> RunAsync(AuditActor patient, Guid consultationId, Guid clientMessageId, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patient);
        // Places are taken here, synchronously, so that the order of the calls is the order of the messages.
        var store = stores.Enter(consultationId);
        var answer = answers.Enter(consultationId);
        return RunTurnAsync(patient, consultationId, clientMessageId, text, store, answer, cancellationToken);
    }

    /// <summary>Answers the patient's latest message if it has no reply yet (after a refresh, or a failed turn).</summary>
    public IAsyncEnumerable<ChatTurnUpdate> ContinueAsync(AuditActor patient, Guid consultationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patient);
        return AnswerAsync(patient, consultationId, null, retryIncomplete: false, answers.Enter(consultationId), cancellationToken);
    }

    /// <summary>Asks again what an incomplete (stopped or failed) latest reply was asking.</summary>
    public IAsyncEnumerable<ChatTurnUpdate> RetryAsync(AuditActor patient, Guid consultationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patient);
        return AnswerAsync(patient, consultationId, null, retryIncomplete: true, answers.Enter(consultationId), cancellationToken);
    }

    /// <summary>The recap, for the patient to check before sending; or why it cannot be shown.</summary>
    public async Task<ChatTurnUpdate> RecapAsync(AuditActor patient, Guid consultationId, CancellationToken cancellationToken = default)
    {
        var recap = await GuardAsync(() => assistant.BuildRecapAsync(patient, consultationId, cancellationToken), consultationId, cancellationToken);
        return recap.Failure ?? new RecapReady(recap.Value!);
    }

    /// <summary>Sends the consultation to the nurse queue (a ready model adds its opinion); null when sent, else why not.</summary>
    public async Task<TurnFailed?> SubmitAsync(AuditActor patient, Guid consultationId, CancellationToken cancellationToken = default)
    {
        var sent = await GuardAsync(() => assistant.SubmitAsync(patient, consultationId, models.ReadyModel, cancellationToken), consultationId, cancellationToken);
        return sent.Failure as TurnFailed;
    }

    /// <summary>Whether <paramref name="message"/> is the incomplete latest reply that Retry would ask again.</summary>
    public static bool CanRetry(IReadOnlyList<ConsultationMessage> messages, ConsultationMessage message, ConsultationStatus status)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(message);
        return status == ConsultationStatus.InProgress && message.Author == MessageAuthor.Assistant && message.State == MessageState.Incomplete
            && ReferenceEquals(message, messages.LastOrDefault(m => m.Author is MessageAuthor.Patient or MessageAuthor.Assistant));
    }

    private async IAsyncEnumerable<ChatTurnUpdate> RunTurnAsync(
        AuditActor patient, Guid consultationId, Guid clientMessageId, string text, TurnQueue.Place store, TurnQueue.Place answer,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (answer)
        {
            ConsultationMessage? stored = null;
            using (store)
            {
                if (Validate(text) is { } reason)
                {
                    yield return new PatientMessageRejected(clientMessageId, reason);
                    yield break;
                }
                if (!await store.WaitAsync(cancellationToken))
                {
                    yield break;
                }
                var delay = FirstRetryDelay;
                while (stored is null)
                {
                    var attempt = await StoreAsync(patient, consultationId, clientMessageId, text, cancellationToken);
                    if (attempt.Rejected is { } rejected)
                    {
                        yield return new PatientMessageRejected(clientMessageId, rejected);
                        yield break;
                    }
                    if (attempt.Cancelled)
                    {
                        yield break;
                    }
                    if (attempt.Message is null)
                    {
                        yield return new PatientMessageDelayed(clientMessageId, NotSentYet);
                        if (!await DelayAsync(delay, cancellationToken))
                        {
                            yield break;
                        }
                        delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestRetryDelay.Ticks));
                        continue;
                    }
                    stored = attempt.Message;
                }
            }
            yield return new PatientMessageStored(clientMessageId, stored);
            await foreach (var update in AnswerAsync(patient, consultationId, stored, retryIncomplete: false, answer, cancellationToken))
            {
                yield return update;
            }
        }
    }

    private async IAsyncEnumerable<ChatTurnUpdate> AnswerAsync(
        AuditActor patient, Guid consultationId, ConsultationMessage? justStored, bool retryIncomplete, TurnQueue.Place answer,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (answer)
        {
            // Screened once, as soon as the message is stored: the banner must not wait for an earlier reply to finish.
            var screened = await GuardAsync(() => assistant.TriageAsync(patient, consultationId, cancellationToken), consultationId, cancellationToken);
            if (screened.Failure is not null || screened.Cancelled)
            {
                if (screened.Failure is { } failure)
                {
                    yield return failure;
                }
                yield break;
            }
            var screening = screened.Value!;
            yield return new ScreeningUpdated(screening);

            if (!await answer.WaitAsync(cancellationToken))
            {
                yield break;
            }
            var pending = await GuardAsync(() => assistant.PendingReplyAsync(patient, consultationId, retryIncomplete, cancellationToken), consultationId, cancellationToken);
            if (pending.Failure is { } pendingFailure)
            {
                yield return pendingFailure;
                yield break;
            }
            if (pending.Cancelled || pending.Value is not { Needed: true } need)
            {
                yield break;
            }
            if (need.LatestPatientMessageId != justStored?.Id && justStored is not null)
            {
                // More messages arrived while an earlier reply streamed: plan from all of them.
                var again = await GuardAsync(() => assistant.TriageAsync(patient, consultationId, cancellationToken), consultationId, cancellationToken);
                if (again.Failure is not null || again.Cancelled)
                {
                    if (again.Failure is { } failure)
                    {
                        yield return failure;
                    }
                    yield break;
                }
                screening = again.Value!;
                yield return new ScreeningUpdated(screening);
            }

            var planned = await GuardAsync(() => assistant.PlanReplyAsync(patient, consultationId, screening, cancellationToken), consultationId, cancellationToken);
            if (planned.Failure is not null || planned.Cancelled)
            {
                if (planned.Failure is { } failure)
                {
                    yield return failure;
                }
                yield break;
            }
            var plan = planned.Value!;
            var model = plan.ModelMayPhrase ? models.ReadyModel : null;
            var engine = model is null ? ProtocolEngine : model.GetService<ChatClientMetadata>()?.DefaultModelId ?? "model";

            using var feed = replies.Start(plan.Target.Id);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, feed.Stopping);
            yield return new ReplyStarted(plan.Target, feed, engine);

            var texts = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
            var writing = WriteAsync(plan, model, feed, texts.Writer, stop.Token);
            await foreach (var text in texts.Reader.ReadAllAsync(CancellationToken.None))
            {
                yield return new ReplyText(plan.Target.Id, text);
            }
            var (outcome, databaseFailed) = await writing;
            var state = outcome?.Kind == ReplyOutcomeKind.Completed ? MessageState.Complete : MessageState.Incomplete;
            var final = outcome?.Text ?? feed.Text;
            plan.Target.Content = final;
            plan.Target.State = state;
            feed.End(state, final);
            yield return new ReplyEnded(plan.Target.Id, state, final);
            if (databaseFailed)
            {
                yield return new TurnFailed(TurnFailure.DatabaseUnavailable, DatabaseProblem);
            }
            else if (outcome?.Kind == ReplyOutcomeKind.Failed)
            {
                yield return new TurnFailed(TurnFailure.ModelFailed, ModelProblem);
            }
            else if (outcome?.Kind == ReplyOutcomeKind.Completed && plan.Step == InterviewStepKind.ReadyForRecap)
            {
                yield return new RecapReady(Recap.From(screening.Facts));
            }
        }
    }

    /// <summary>The engine name shown to patients and recorded when no model phrases a reply.</summary>
    public const string ProtocolEngine = "protocol";

    private async Task<(ReplyOutcome? Outcome, bool DatabaseFailed)> WriteAsync(
        PlannedReply plan, IChatClient? model, ReplyFeed feed, ChannelWriter<string> texts, CancellationToken cancellationToken)
    {
        Task OnText(string text)
        {
            feed.Publish(text);
            texts.TryWrite(text);
            return Task.CompletedTask;
        }
        try
        {
            var outcome = model is null
                ? await writer.StreamProtocolAsync(plan.Target, plan.ProtocolText, OnText, cancellationToken)
                : await writer.StreamAsync(plan.Target, model, plan.Prompt, plan.Options, plan.ProtocolText, OnText, cancellationToken);
            return (outcome, false);
        }
        catch (Exception ex) when (TransientFailures.Is(ex))
        {
            LogDatabaseFailed(ex.GetType().Name, plan.Target.ConsultationId);
            return (null, true);
        }
        finally
        {
            texts.TryComplete();
        }
    }

    private static string? Validate(string text)
    {
        try
        {
            ConsultationConversation.Validate(text);
            return null;
        }
        catch (ChatInputException ex)
        {
            return ex.Message;
        }
    }

    private async Task<(ConsultationMessage? Message, string? Rejected, bool Cancelled)> StoreAsync(
        AuditActor patient, Guid consultationId, Guid clientMessageId, string text, CancellationToken cancellationToken)
    {
        try
        {
            return (await conversation.AppendPatientMessageAsync(patient, consultationId, clientMessageId, text, cancellationToken), null, false);
        }
        catch (ChatInputException ex)
        {
            return (null, ex.Message, false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, null, true);
        }
        catch (Exception ex) when (TransientFailures.Is(ex))
        {
            LogStoreRetry(ex.GetType().Name, consultationId);
            return (null, null, false);
        }
    }

    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<(T? Value, ChatTurnUpdate? Failure, bool Cancelled)> GuardAsync<T>(Func<Task<T>> step, Guid consultationId, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return (await step(), null, false);
        }
        catch (ChatInputException ex)
        {
            var kind = ex.Message == ConsultationConversation.NotFound ? TurnFailure.NotFound : TurnFailure.Refused;
            return (null, new TurnFailed(kind, ex.Message), false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, null, true);
        }
        catch (Exception ex) when (TransientFailures.Is(ex))
        {
            LogDatabaseFailed(ex.GetType().Name, consultationId);
            return (null, new TurnFailed(TurnFailure.DatabaseUnavailable, DatabaseProblem), false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storing a patient message in consultation {ConsultationId} failed ({Error}); retrying")]
    private partial void LogStoreRetry(string error, Guid consultationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat turn in consultation {ConsultationId} could not reach the database ({Error})")]
    private partial void LogDatabaseFailed(string error, Guid consultationId);
}

/// <summary>The result of opening a chat: the chat, or why not.</summary>
/// <param name="Chat">The chat; null when it cannot be opened.</param>
/// <param name="Failure">Why not (not found, or the database is unreachable).</param>
public sealed record ChatOpening(OpenedChat? Chat, TurnFailed? Failure);

/// <summary>An opened chat.</summary>
/// <param name="Status">Where the consultation stands.</param>
/// <param name="Messages">Its messages in order.</param>
/// <param name="Emergency">The rules' conclusion when the emergency banner applies, else null.</param>
/// <param name="LiveReply">A reply streaming now in this process (opened from another tab, or after a refresh).</param>
/// <param name="Authors">The names of the care-team members who wrote messages in it.</param>
public sealed record OpenedChat(ConsultationStatus Status, IReadOnlyList<ConsultationMessage> Messages, ScreeningResult? Emergency, ReplyFeed? LiveReply, Identity.PersonNames Authors);
