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
    public async Task<IReadOnlyList<Consultation>> ListOwnAsync(AuditActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var list = await db.Consultations.AsNoTracking()
            .Where(c => c.PatientId == actor.UserId)
            .OrderByDescending(c => c.StartedAt)
            .ToListAsync(cancellationToken);
        await audit.AppendAsync(db, actor, "consultation.list", "patient", actor.UserId, cancellationToken);
        return list;
    }

    /// <summary>The read rule, on its own so that it can be tested without a database.</summary>
    public static bool MayRead(AuditActor actor, Consultation consultation) =>
        actor.Role is Roles.Nurse or Roles.Clinician || (actor.Role == Roles.Patient && consultation.PatientId == actor.UserId);
}
