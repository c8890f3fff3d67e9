using MedPortal.Core.Triage;

namespace MedPortal.Core.Consultations.NurseQueue;

/// <summary>Why a case was escalated.</summary>
public enum ReviewAlertReason
{
    /// <summary>Nobody claimed the case within its target.</summary>
    Unclaimed,

    /// <summary>A nurse claimed the case but it was not decided within its target.</summary>
    Undecided,
}

/// <summary>
/// An escalation: a triage case that waited past its review target. Raised once per case (by whichever app instance
/// sees it first), shown on every open nurse page until a nurse acknowledges it. Carries no name or complaint.
/// </summary>
public sealed class ReviewAlert
{
    /// <summary>Identifier.</summary>
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The overdue case.</summary>
    public Guid AssessmentId { get; set; }

    /// <summary>The consultation the case belongs to.</summary>
    public Guid ConsultationId { get; set; }

    /// <summary>The case's AI acuity when the alert was raised.</summary>
    public Acuity Acuity { get; set; }

    /// <summary>Whether the case is a crisis (suicide, self-harm, harm to others, abuse).</summary>
    public bool IsCrisis { get; set; }

    /// <summary>Why it was raised.</summary>
    public ReviewAlertReason Reason { get; set; }

    /// <summary>When the case entered the queue.</summary>
    public DateTimeOffset CaseCreatedAt { get; set; }

    /// <summary>When the alert was raised.</summary>
    public DateTimeOffset RaisedAt { get; set; }

    /// <summary>The nurse who acknowledged it, if anyone has.</summary>
    public string? AcknowledgedBy { get; set; }

    /// <summary>When it was acknowledged.</summary>
    public DateTimeOffset? AcknowledgedAt { get; set; }
}

/// <summary>An open alert as a nurse page shows it.</summary>
/// <param name="Id">The alert.</param>
/// <param name="AssessmentId">The case to open.</param>
/// <param name="Acuity">The case's AI acuity.</param>
/// <param name="IsCrisis">Whether it is a crisis case.</param>
/// <param name="Reason">Why it was raised.</param>
/// <param name="CaseCreatedAt">When the case entered the queue.</param>
/// <param name="RaisedAt">When the alert was raised.</param>
public sealed record OpenReviewAlert(Guid Id, Guid AssessmentId, Acuity Acuity, bool IsCrisis, ReviewAlertReason Reason,
    DateTimeOffset CaseCreatedAt, DateTimeOffset RaisedAt);

/// <summary>What the nurse pages show: the most urgent open alerts and how many are open in all.</summary>
/// <param name="Top">The most urgent (crisis first, then level, then longest waiting).</param>
/// <param name="Total">All open alerts.</param>
public sealed record OpenReviewAlerts(IReadOnlyList<OpenReviewAlert> Top, int Total);
