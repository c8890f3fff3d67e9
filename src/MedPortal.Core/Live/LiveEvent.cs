namespace MedPortal.Core.Live;

/// <summary>A change another part of the portal (or another app instance) may need to show at once. Ids only, no PHI.</summary>
/// <param name="Kind">One of <see cref="LiveEventKinds"/>.</param>
/// <param name="Id">The changed entity's id.</param>
/// <param name="ConsultationId">The consultation it belongs to.</param>
public sealed record LiveEvent(string Kind, Guid Id, Guid ConsultationId);

/// <summary>The kinds of <see cref="LiveEvent"/>.</summary>
public static class LiveEventKinds
{
    /// <summary>A new preliminary assessment entered the nurse queue.</summary>
    public const string AssessmentCreated = "assessment.created";

    /// <summary>An assessment was claimed, released or decided.</summary>
    public const string AssessmentChanged = "assessment.changed";

    /// <summary>A message was added to a consultation (e.g. the nurse's decision).</summary>
    public const string MessageAdded = "message.added";

    /// <summary>A case waited past its review target and was escalated (id: the alert).</summary>
    public const string ReviewAlertRaised = "review_alert.raised";

    /// <summary>A nurse acknowledged an escalation (id: the alert).</summary>
    public const string ReviewAlertAcknowledged = "review_alert.acknowledged";

    /// <summary>A document job was queued, progressed, finished, cancelled or retried (id: the job).</summary>
    public const string DocumentJobChanged = "document_job.changed";
}
