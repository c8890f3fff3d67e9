using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using MedPortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Core.Documents;

/// <summary>
/// Reads a consultation's documents for one actor, auditing every read: the patient sees their own, nurses and
/// clinicians any; administrators see the quarantine list (names and reasons, never contents). A refused read is
/// audited and looks exactly like a missing document.
/// </summary>
public sealed class DocumentReader(IDbContextFactory<MedPortalDb> contexts, AuditLog audit)
{
    /// <summary>The read rule: clinical staff, or the patient whose record it is.</summary>
    public static bool MayRead(AuditActor actor, string patientId) =>
        actor.Role is Roles.Nurse or Roles.Clinician || (actor.Role == Roles.Patient && actor.UserId == patientId);

    /// <summary>
    /// A consultation's documents in the record, oldest first, or null when it does not exist or the actor may not see
    /// it. Quarantined files are not part of the record: only <see cref="ListQuarantinedAsync"/> shows them.
    /// </summary>
    public async Task<IReadOnlyList<StoredDocument>?> ListAsync(AuditActor actor, Guid consultationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var patientId = await db.Consultations.Where(c => c.Id == consultationId).Select(c => c.PatientId).FirstOrDefaultAsync(cancellationToken);
        var allowed = patientId is not null && MayRead(actor, patientId);
        await audit.AppendAsync(db, actor, allowed ? "document.list" : "document.list-denied", "consultation", consultationId.ToString(), cancellationToken);
        return allowed
            ? await db.Documents.AsNoTracking().Where(d => d.ConsultationId == consultationId && d.Status != DocumentStatus.Quarantined).OrderBy(d => d.UploadedAt).ThenBy(d => d.Id).ToListAsync(cancellationToken)
            : null;
    }

    /// <summary>One document with its passages in order, or null when it does not exist or the actor may not see it.</summary>
    public async Task<DocumentWithText?> OpenAsync(AuditActor actor, Guid documentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var document = await db.Documents.AsNoTracking().FirstOrDefaultAsync(d => d.Id == documentId, cancellationToken);
        var allowed = document is not null && MayRead(actor, document.PatientId);
        await audit.AppendAsync(db, actor, allowed ? "document.view" : "document.view-denied", "document", documentId.ToString(), cancellationToken);
        if (!allowed)
        {
            return null;
        }
        var passages = await db.DocumentPassages.AsNoTracking().Where(p => p.DocumentId == documentId).OrderBy(p => p.Sequence).ToListAsync(cancellationToken);
        return new DocumentWithText(document!, passages);
    }

    /// <summary>The file's bytes as uploaded, or null when it does not exist or the actor may not see it.</summary>
    public async Task<byte[]?> ReadContentAsync(AuditActor actor, Guid documentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var patientId = await db.Documents.Where(d => d.Id == documentId).Select(d => d.PatientId).FirstOrDefaultAsync(cancellationToken);
        var allowed = patientId is not null && MayRead(actor, patientId);
        await audit.AppendAsync(db, actor, allowed ? "document.download" : "document.download-denied", "document", documentId.ToString(), cancellationToken);
        return allowed
            ? await db.DocumentContents.Where(c => c.DocumentId == documentId).Select(c => c.Bytes).FirstAsync(cancellationToken)
            : null;
    }

    /// <summary>Every quarantined document, newest first, for an administrator (metadata and reason only).</summary>
    /// <exception cref="UnauthorizedAccessException">The actor is not an administrator.</exception>
    public async Task<IReadOnlyList<StoredDocument>> ListQuarantinedAsync(AuditActor admin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(admin);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (admin.Role != Roles.Admin)
        {
            await audit.AppendAsync(db, admin, "document.quarantine-list-denied", "document_quarantine", "all", cancellationToken);
            throw new UnauthorizedAccessException("Only administrators see the document quarantine.");
        }
        var list = await db.Documents.AsNoTracking().Where(d => d.Status == DocumentStatus.Quarantined).OrderByDescending(d => d.UploadedAt).ToListAsync(cancellationToken);
        await audit.AppendAsync(db, admin, "document.quarantine-list", "document_quarantine", "all", cancellationToken);
        return list;
    }
}

/// <summary>A document and its passages.</summary>
public sealed record DocumentWithText(StoredDocument Document, IReadOnlyList<DocumentPassage> Passages);
