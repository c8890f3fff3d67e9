using MedPortal.Core.Consultations.Screening;

namespace MedPortal.Core.Consultations.Chat;

/// <summary>
/// One thing that happened during a chat turn, in the order it happened. A page renders these and decides nothing:
/// what to store, when to reply, model or protocol, and how to classify a failure are all decided in
/// <see cref="AnswerPatient"/>.
/// </summary>
public abstract record ChatTurnUpdate;

/// <summary>The patient's message could not be stored yet (the database is unreachable); it is retried until stored or the page goes.</summary>
/// <param name="ClientMessageId">The message the page is holding.</param>
/// <param name="Problem">What to show beside it.</param>
public sealed record PatientMessageDelayed(Guid ClientMessageId, string Problem) : ChatTurnUpdate;

/// <summary>The patient's message is stored (once, however often it was sent).</summary>
/// <param name="ClientMessageId">The id the page sent it with.</param>
/// <param name="Message">The stored message.</param>
public sealed record PatientMessageStored(Guid ClientMessageId, ConsultationMessage Message) : ChatTurnUpdate;

/// <summary>The patient's message was refused and not stored; the text says why.</summary>
/// <param name="ClientMessageId">The refused message.</param>
/// <param name="Reason">Plain language, for the patient.</param>
public sealed record PatientMessageRejected(Guid ClientMessageId, string Reason) : ChatTurnUpdate;

/// <summary>The rules screened the whole conversation; <see cref="ScreeningResult.IsEmergency"/> means: show the banner.</summary>
/// <param name="Screening">The rules' conclusion.</param>
public sealed record ScreeningUpdated(ScreeningResult Screening) : ChatTurnUpdate;

/// <summary>An assistant reply started streaming into <paramref name="Message"/>; <paramref name="Feed"/> carries its text live.</summary>
/// <param name="Message">The (empty, streaming) stored reply.</param>
/// <param name="Feed">Its live text, for the one component that renders it.</param>
/// <param name="Engine">Who phrases it: a model's name, or "protocol".</param>
public sealed record ReplyStarted(ConsultationMessage Message, ReplyFeed Feed, string Engine) : ChatTurnUpdate;

/// <summary>The reply's whole text so far.</summary>
/// <param name="MessageId">The reply.</param>
/// <param name="Text">Everything streamed so far.</param>
public sealed record ReplyText(Guid MessageId, string Text) : ChatTurnUpdate;

/// <summary>The reply ended: complete, or incomplete (stopped or failed) with its partial text kept.</summary>
/// <param name="MessageId">The reply.</param>
/// <param name="State">Complete or incomplete.</param>
/// <param name="Text">The stored text.</param>
public sealed record ReplyEnded(Guid MessageId, MessageState State, string Text) : ChatTurnUpdate;

/// <summary>The interview is complete: the recap is ready for the patient to check.</summary>
/// <param name="Recap">What the patient reported.</param>
public sealed record RecapReady(Recap Recap) : ChatTurnUpdate;

/// <summary>The turn could not finish. Everything the patient sent before it is stored.</summary>
/// <param name="Kind">What failed.</param>
/// <param name="Message">Plain language, for the patient, with what to do.</param>
public sealed record TurnFailed(TurnFailure Kind, string Message) : ChatTurnUpdate;

/// <summary>What made a turn fail.</summary>
public enum TurnFailure
{
    /// <summary>The consultation is missing or not the actor's.</summary>
    NotFound,

    /// <summary>The clinic's database could not be reached.</summary>
    DatabaseUnavailable,

    /// <summary>The model stopped mid-reply.</summary>
    ModelFailed,

    /// <summary>The consultation no longer takes this (for example, it was already sent to a nurse); the message says why.</summary>
    Refused,
}
