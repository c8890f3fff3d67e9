using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using MedPortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Core.Consultations;

/// <summary>
/// Reads consultations for one actor, enforcing who may see what and auditing every read: a patient sees only their own,
/// nurses and clinicians see any. A refused read is audited too and looks exactly like a missing one.
/// </summary>
public sealed class ConsultationReader(IDbContextFactory<MedPortalDb> contexts, AuditLog audit)
{
    /// <summary>Opens one consultation, or returns null when it does not exist or the actor may not see it.</summary>
    public async Task<Consultation?> OpenAsync(AuditActor actor, Guid consultationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = await db.Consultations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == consultationId, cancellationToken);
        var allowed = consultation is not null && MayRead(actor, consultation);
        await audit.AppendAsync(db, actor, allowed ? "consultation.view" : "consultation.view-denied", "consultation", consultationId.ToString(), cancellationToken);
        return allowed ? consultation : null;
    }

    /// <summary>Lists the actor's own consultations, newest first.</summary>
    public async Task<IReadOnlyList<Consultation>> ListOwnAsync(AuditActor actor, CancellationToken cancellationToken = default) =>
        (await ListOwnReviewedAsync(actor, cancellationToken)).Select(o => o.Consultation).ToList();

    /// <summary>
    /// Lists the actor's own consultations, newest first, each with the latest nurse review: when, what to do, and the
    /// nurse's name. One query, however many there are.
    /// </summary>
    public async Task<IReadOnlyList<OwnConsultation>> ListOwnReviewedAsync(AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Consultations.AsNoTracking()
            .Where(c => c.PatientId == actor.UserId)
            .OrderByDescending(c => c.StartedAt)
            .Select(c => new
            {
                Consultation = c,
                Empty = c.Status == ConsultationStatus.InProgress && !db.Messages.Any(m => m.ConsultationId == c.Id && m.Author == MessageAuthor.Patient),
                Review = db.Decisions
                    .Where(d => db.Assessments.Any(a => a.Id == d.AssessmentId && a.ConsultationId == c.Id))
                    .OrderByDescending(d => d.DecidedAt)
                    .Select(d => new { d.DecidedAt, d.Disposition, Nurse = db.Users.Where(u => u.Id == d.NurseId).Select(u => u.DisplayName).FirstOrDefault() })
                    .FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        await audit.AppendAsync(db, actor, "consultation.list", "patient", actor.UserId, cancellationToken);
        return rows.Select(r => new OwnConsultation(r.Consultation,
            r.Review is { } review ? new NurseReviewNote(review.DecidedAt, review.Disposition, string.IsNullOrWhiteSpace(review.Nurse) ? null : review.Nurse) : null)
        {
            Empty = r.Empty,
        }).ToList();
    }

    /// <summary>The read rule, on its own so that it can be tested without a database.</summary>
    public static bool MayRead(AuditActor actor, Consultation consultation) =>
        actor.Role is Roles.Nurse or Roles.Clinician || (actor.Role == Roles.Patient && consultation.PatientId == actor.UserId);
}

/// <summary>One of the patient's own consultations with its latest nurse review.</summary>
/// <param name="Consultation">The consultation.</param>
/// <param name="Review">The nurse's latest review, or null while none has been made.</param>
public sealed record OwnConsultation(Consultation Consultation, NurseReviewNote? Review)
{
    /// <summary>In progress with no message from the patient yet: an abandoned start they may discard.</summary>
    public bool Empty { get; init; }
}

/// <summary>What the patient is told about a nurse's review.</summary>
/// <param name="DecidedAt">When the nurse decided.</param>
/// <param name="Disposition">What the patient should do.</param>
/// <param name="NurseName">The nurse's name; null when the account no longer exists.</param>
public sealed record NurseReviewNote(DateTimeOffset DecidedAt, NurseQueue.Disposition Disposition, string? NurseName);
