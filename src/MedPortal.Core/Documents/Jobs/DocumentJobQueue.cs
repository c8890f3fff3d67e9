using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using MedPortal.Core.Live;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Core.Documents.Jobs;

/// <summary>A consultation's document job as its documents page shows it (no document text; the file name is PHI: never log it).</summary>
/// <param name="Job">The job row.</param>
/// <param name="FileName">The document's file name.</param>
/// <param name="DocumentKind">The document's type.</param>
/// <param name="DocumentStatus">Where the document stands (quarantined after a failed read).</param>
public sealed record DocumentJobView(DocumentJob Job, string FileName, DocumentKind DocumentKind, DocumentStatus DocumentStatus);

/// <summary>
/// The queue of document jobs as people use it: jobs are added with the upload that needs them, listed per consultation,
/// cancelled (queued: at once; running: its worker stops at the next page) and retried (failed or cancelled). Every read
/// and change is audited; every change is announced as <see cref="LiveEventKinds.DocumentJobChanged"/> so open pages and
/// every instance's workers hear of it.
/// </summary>
public sealed class DocumentJobQueue(IDbContextFactory<MedPortalDb> contexts, AuditLog audit, TimeProvider clock)
{
    private readonly MedPortal.Core.Live.WakeSignal signal = new();

    /// <summary>Who may cancel or retry a document's jobs: whoever may upload into its consultation.</summary>
    public static bool MayChange(AuditActor actor, string patientId) => UploadDocument.MayUpload(actor, patientId);

    /// <summary>Adds a queued job for <paramref name="document"/> to <paramref name="db"/> (saved with the caller's transaction), audited and announced.</summary>
    internal async Task<DocumentJob> AddAsync(MedPortalDb db, AuditActor actor, StoredDocument document, DocumentJobKind kind, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var job = new DocumentJob
        {
            DocumentId = document.Id,
            ConsultationId = document.ConsultationId,
            Kind = kind,
            State = DocumentJobState.Queued,
            Stage = "Waiting for a worker",
            CreatedAt = now,
            QueuedAt = now,
        };
        db.DocumentJobs.Add(job);
        await audit.AppendAsync(db, actor, "document.job-queue", "document_job", job.Id.ToString(), cancellationToken);
        await LiveEventPublisher.NotifyAsync(db, LiveEventKinds.DocumentJobChanged, job.Id, job.ConsultationId, cancellationToken);
        return job;
    }

    /// <summary>The latest job of each document of a consultation, oldest document first; null when the actor may not see the consultation.</summary>
    public async Task<IReadOnlyList<DocumentJobView>?> ListAsync(AuditActor actor, Guid consultationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var patientId = await db.Consultations.Where(c => c.Id == consultationId).Select(c => c.PatientId).FirstOrDefaultAsync(cancellationToken);
        var allowed = patientId is not null && DocumentReader.MayRead(actor, patientId);
        await audit.AppendAsync(db, actor, allowed ? "document.job-list" : "document.job-list-denied", "consultation", consultationId.ToString(), cancellationToken);
        if (!allowed)
        {
            return null;
        }
        var rows = await (
            from job in db.DocumentJobs.AsNoTracking()
            join document in db.Documents on job.DocumentId equals document.Id
            where job.ConsultationId == consultationId
            orderby document.UploadedAt, job.CreatedAt
            select new { job, document.FileName, document.Kind, document.Status }).ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.job.DocumentId).Select(g => g.Last()).Select(r => new DocumentJobView(r.job, r.FileName, r.Kind, r.Status)).ToList();
    }

    /// <summary>
    /// Stops a job: a queued one is cancelled at once; a running one is asked to stop and its worker stops before its next
    /// page (or at its next heartbeat). False when the job does not exist, the actor may not change it, or it has finished.
    /// </summary>
    public Task<bool> CancelAsync(AuditActor actor, Guid jobId, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, jobId, "document.job-cancel", (job, _, now) =>
        {
            switch (job.State)
            {
                case DocumentJobState.Queued:
                    (job.State, job.FinishedAt, job.Stage) = (DocumentJobState.Cancelled, now, "Cancelled");
                    return true;
                case DocumentJobState.Running when !job.CancelRequested:
                    (job.CancelRequested, job.Stage) = (true, "Stopping…");
                    return true;
                default:
                    return false;
            }
        }, cancellationToken);

    /// <summary>Queues a failed or cancelled job again, from the start; its document leaves quarantine until the job decides again.</summary>
    public async Task<bool> RetryAsync(AuditActor actor, Guid jobId, CancellationToken cancellationToken = default)
    {
        var retried = await ChangeAsync(actor, jobId, "document.job-retry", (job, document, now) =>
        {
            if (job.State is not (DocumentJobState.Failed or DocumentJobState.Cancelled))
            {
                return false;
            }
            (job.State, job.Progress, job.Stage, job.ErrorReason, job.CancelRequested) = (DocumentJobState.Queued, 0, "Waiting for a worker", null, false);
            (job.Attempts, job.QueuedAt, job.StartedAt, job.FinishedAt, job.LeaseOwner, job.LeaseExpiresAt) = (0, now, null, null, null, null);
            (document.Status, document.StatusDetail) = (DocumentStatus.Pending, null);
            return true;
        }, cancellationToken);
        if (retried)
        {
            Wake();
        }
        return retried;
    }

    private async Task<bool> ChangeAsync(AuditActor actor, Guid jobId, string action, Func<DocumentJob, StoredDocument, DateTimeOffset, bool> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Locked, so that a worker claiming or finishing it at the same moment waits for this change, or this for it.
        var job = await db.DocumentJobs.FromSql($"SELECT * FROM document_jobs WHERE id = {jobId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
        var document = job is null ? null : await db.Documents.SingleAsync(d => d.Id == job.DocumentId, cancellationToken);
        if (job is null || document is null || !MayChange(actor, document.PatientId))
        {
            await audit.AppendAsync(db, actor, action + "-denied", "document_job", jobId.ToString(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return false;
        }
        if (!change(job, document, clock.GetUtcNow()))
        {
            return false;
        }
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(db, actor, action, "document_job", jobId.ToString(), cancellationToken);
        await LiveEventPublisher.NotifyAsync(db, LiveEventKinds.DocumentJobChanged, job.Id, job.ConsultationId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Wakes one idle worker of this instance (call after a job was queued and saved).</summary>
    public void Wake() => signal.Wake();

    /// <summary>Waits until <see cref="Wake"/> is called or the timeout passes.</summary>
    internal Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}
