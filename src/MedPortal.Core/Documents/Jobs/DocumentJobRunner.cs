using System.Diagnostics;
using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using MedPortal.Core.Live;
using MedPortal.Core.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MedPortal.Core.Documents.Jobs;

/// <summary>
/// Runs document jobs for one worker at a time: puts jobs whose worker died back in the queue, claims the oldest queued
/// job with <c>FOR UPDATE SKIP LOCKED</c> (so several workers and app instances never take the same one), holds its lease
/// with a heartbeat, reports progress, and stores the result, the job's end and the audit events in one transaction.
/// Every write after the claim is guarded by the lease: a worker that lost its job to another writes nothing more.
/// Logs carry job ids, kinds and error types only.
/// </summary>
public sealed partial class DocumentJobRunner(
    IDbContextFactory<MedPortalDb> contexts,
    AuditLog audit,
    IOptions<DocumentOptions> documentOptions,
    IOptions<DocumentJobOptions> options,
    TimeProvider clock,
    ILogger<DocumentJobRunner> logger)
{
    /// <summary>Looks after expired leases, then claims and runs the next queued job.</summary>
    /// <param name="owner">This worker's name (instance and number), written as the lease owner.</param>
    /// <param name="afterProgress">Called after each progress write, with the job as written (tests watch progress with it).</param>
    /// <param name="stoppingToken">The app is stopping: the job goes back to the queue.</param>
    /// <param name="afterClaim">Called once a job is claimed, before it runs (the pool wakes another worker for the rest of the queue).</param>
    /// <returns>False when there was nothing to run.</returns>
    public async Task<bool> RunNextAsync(string owner, Func<DocumentJob, Task>? afterProgress = null, CancellationToken stoppingToken = default, Action? afterClaim = null)
    {
        await RequeueExpiredAsync(stoppingToken);
        var job = await ClaimNextAsync(owner, stoppingToken);
        if (job is null)
        {
            return false;
        }
        afterClaim?.Invoke();
        await RunAsync(job, owner, afterProgress, stoppingToken);
        return true;
    }

    /// <summary>
    /// Puts every running job whose lease ran out (its worker died or hung) back in the queue, or fails it when it has had
    /// <see cref="DocumentJobOptions.MaxAttempts"/> runs: a file that keeps killing its worker is quarantined.
    /// </summary>
    /// <returns>How many jobs were re-queued or failed.</returns>
    public async Task<int> RequeueExpiredAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var expired = await db.DocumentJobs
            .FromSql($"SELECT * FROM document_jobs WHERE state = 'Running' AND lease_expires_at < {now} ORDER BY lease_expires_at LIMIT 50 FOR UPDATE SKIP LOCKED")
            .ToListAsync(cancellationToken);
        foreach (var job in expired)
        {
            LogLeaseExpired(job.Id, job.LeaseOwner ?? "", job.Attempts);
            if (job.Attempts >= options.Value.MaxAttempts)
            {
                var document = await db.Documents.SingleAsync(d => d.Id == job.DocumentId, cancellationToken);
                Fail(job, now, $"Reading this file stopped its worker {job.Attempts} times; it was not tried again.");
                (document.Status, document.StatusDetail) = (DocumentStatus.Quarantined, job.ErrorReason + " The file is kept in quarantine for an administrator; nothing was added to the record.");
                await audit.AppendAsync(db, AuditActor.System, "document.quarantine", "document", document.Id.ToString(), cancellationToken);
                await audit.AppendAsync(db, AuditActor.System, "document.job-fail", "document_job", job.Id.ToString(), cancellationToken);
                MedPortalTelemetry.RecordDocumentJobFailure(KindLabel(job.Kind), "worker_lost");
            }
            else
            {
                Requeue(job, now, "Waiting again (its worker stopped)");
                await audit.AppendAsync(db, AuditActor.System, "document.job-requeue", "document_job", job.Id.ToString(), cancellationToken);
            }
            await db.SaveChangesAsync(cancellationToken);
            await LiveEventPublisher.NotifyAsync(db, LiveEventKinds.DocumentJobChanged, job.Id, job.ConsultationId, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return expired.Count;
    }

    /// <summary>Claims the oldest queued job for <paramref name="owner"/> and starts its lease; null when none is queued.</summary>
    public async Task<DocumentJob?> ClaimNextAsync(string owner, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var job = await db.DocumentJobs
            .FromSql($"SELECT * FROM document_jobs WHERE state = 'Queued' ORDER BY queued_at, id LIMIT 1 FOR UPDATE SKIP LOCKED")
            .SingleOrDefaultAsync(cancellationToken);
        if (job is null)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        job.State = DocumentJobState.Running;
        job.Attempts++;
        (job.Progress, job.Stage, job.StartedAt, job.HeartbeatAt) = (0, "Starting", now, now);
        (job.LeaseOwner, job.LeaseExpiresAt) = (owner, now + Lease);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(db, AuditActor.System, "document.job-start", "document_job", job.Id.ToString(), cancellationToken);
        await LiveEventPublisher.NotifyAsync(db, LiveEventKinds.DocumentJobChanged, job.Id, job.ConsultationId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogClaimed(job.Id, job.Kind, owner, job.Attempts);
        return job;
    }

    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.LeaseSeconds);

    private async Task RunAsync(DocumentJob job, string owner, Func<DocumentJob, Task>? afterProgress, CancellationToken stoppingToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var run = new Run(job.Id, owner);
        using var heartbeat = clock.CreateTimer(_ => _ = HeartbeatAsync(run, stop), null, TimeSpan.FromSeconds(options.Value.HeartbeatSeconds), TimeSpan.FromSeconds(options.Value.HeartbeatSeconds));
        string outcome;
        try
        {
            var (document, bytes) = await LoadAsync(job.DocumentId, stop.Token);
            var lastWrite = 0L;
            ExtractionProgressSink sink = async (p, token) =>
            {
                // Written when the percentage changes, at most once per ProgressIntervalMilliseconds.
                var percent = Math.Clamp(p.Percent, 0, 99);
                if (percent == run.Percent || (lastWrite != 0 && Stopwatch.GetElapsedTime(lastWrite).TotalMilliseconds < options.Value.ProgressIntervalMilliseconds))
                {
                    return;
                }
                lastWrite = Stopwatch.GetTimestamp();
                run.Percent = percent;
                var written = await ReportAsync(run, percent, Trim(p.Stage), stop);
                if (written is not null && afterProgress is not null)
                {
                    await afterProgress(written);
                }
                stop.Token.ThrowIfCancellationRequested();
            };
            var text = await ExtractAsync(job.Kind, document.Kind, bytes, sink, stop.Token);
            outcome = await FinishAsync(run, "document.job-succeed", (j, d, now) =>
            {
                (j.State, j.Progress, j.Stage, j.FinishedAt) = (DocumentJobState.Succeeded, 100, "Done", now);
                (d.Status, d.StatusDetail, d.PageCount) = (DocumentStatus.Extracted, text.Note, text.PageCount);
                return "document.extract";
            }, text.Passages) ? "succeeded" : "lost";
        }
        catch (DocumentUnreadableException unreadable)
        {
            outcome = await FinishAsync(run, "document.job-fail", (j, d, now) =>
            {
                Fail(j, now, unreadable.Message);
                (d.Status, d.StatusDetail) = (DocumentStatus.Quarantined, unreadable.Message + " The file is kept in quarantine for an administrator; nothing was added to the record.");
                return "document.quarantine";
            }) ? "failed" : "lost";
            if (outcome == "failed")
            {
                MedPortalTelemetry.RecordDocumentJobFailure(KindLabel(job.Kind), "unreadable");
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            outcome = stoppingToken.IsCancellationRequested && !run.CancelRequested
                // The app is stopping: back to the queue at once rather than waiting for the lease to run out.
                ? await FinishAsync(run, "document.job-requeue", (j, _, now) => { Requeue(j, now, "Waiting again (the portal restarted)"); return null; }) ? "requeued" : "lost"
                : run.LeaseLost ? "lost"
                : await FinishAsync(run, "document.job-cancelled", (j, _, now) => { (j.State, j.FinishedAt, j.Stage) = (DocumentJobState.Cancelled, now, "Cancelled"); return null; }) ? "cancelled" : "lost";
        }
#pragma warning disable CA1031 // Any other failure of one job is recorded on the job; the worker goes on with the next.
        catch (Exception error)
#pragma warning restore CA1031
        {
            LogJobFailed(job.Id, job.Kind, error.GetType().Name);
            outcome = await FinishAsync(run, "document.job-fail", (j, _, now) =>
            {
                Fail(j, now, $"Reading the document failed unexpectedly ({error.GetType().Name}). Retry; if it fails again, tell an administrator.");
                return null;
            }) ? "failed" : "lost";
            if (outcome == "failed")
            {
                MedPortalTelemetry.RecordDocumentJobFailure(KindLabel(job.Kind), "error");
            }
        }
        MedPortalTelemetry.RecordDocumentJob(Stopwatch.GetElapsedTime(started), KindLabel(job.Kind), outcome);
        LogFinished(job.Id, job.Kind, outcome);
    }

    // The one place that knows what each kind does: OCR and transcription become cases here.
    private Task<ExtractedText> ExtractAsync(DocumentJobKind kind, DocumentKind documentKind, byte[] bytes, ExtractionProgressSink progress, CancellationToken cancellationToken) => kind switch
    {
        DocumentJobKind.ExtractText => documentKind switch
        {
            DocumentKind.Pdf => PdfTextExtractor.ExtractAsync(bytes, documentOptions.Value, progress, cancellationToken),
            DocumentKind.Docx => DocxTextExtractor.ExtractAsync(bytes, documentOptions.Value, progress, cancellationToken),
            _ => throw new DocumentUnreadableException($"Text cannot be read from a {documentKind.Describe()} yet."),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private async Task<(StoredDocument Document, byte[] Bytes)> LoadAsync(Guid documentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var document = await db.Documents.AsNoTracking().SingleAsync(d => d.Id == documentId, cancellationToken);
        var bytes = await db.DocumentContents.Where(c => c.DocumentId == documentId).Select(c => c.Bytes).SingleAsync(cancellationToken);
        return (document, bytes);
    }

    /// <summary>Writes progress and renews the lease; the job as written, or null when the write did not happen.</summary>
    private async Task<DocumentJob?> ReportAsync(Run run, int percent, string stage, CancellationTokenSource stop)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(stop.Token);
            var now = clock.GetUtcNow();
            var rows = await db.DocumentJobs.FromSql($"""
                UPDATE document_jobs SET progress = {percent}, stage = {stage}, heartbeat_at = {now}, lease_expires_at = {now + Lease}
                WHERE id = {run.JobId} AND lease_owner = {run.Owner} AND state = 'Running' RETURNING *
                """).AsNoTracking().ToListAsync(stop.Token);
            var row = rows.FirstOrDefault();
            if (row is not null)
            {
                await LiveEventPublisher.NotifyAsync(db, LiveEventKinds.DocumentJobChanged, run.JobId, row.ConsultationId, stop.Token);
            }
            Observe(run, row, stop);
            return row;
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Progress is for people watching; a failed write must not fail the job (the heartbeat keeps the lease).
            LogProgressFailed(run.JobId, error.GetType().Name);
            return null;
        }
    }

    private async Task HeartbeatAsync(Run run, CancellationTokenSource stop)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(stop.Token);
            var now = clock.GetUtcNow();
            var rows = await db.DocumentJobs.FromSql($"""
                UPDATE document_jobs SET heartbeat_at = {now}, lease_expires_at = {now + Lease}
                WHERE id = {run.JobId} AND lease_owner = {run.Owner} AND state = 'Running' RETURNING *
                """).AsNoTracking().ToListAsync(stop.Token);
            Observe(run, rows.FirstOrDefault(), stop);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
            // The job ended while this beat was under way.
        }
#pragma warning disable CA1031 // A missed heartbeat is retried at the next tick; the lease allows for several.
        catch (Exception error)
#pragma warning restore CA1031
        {
            LogHeartbeatFailed(run.JobId, error.GetType().Name);
        }
    }

    // No row: another worker holds the job now. Cancel requested: someone asked it to stop.
    private void Observe(Run run, DocumentJob? row, CancellationTokenSource stop)
    {
        if (row is null)
        {
            run.LeaseLost = true;
            LogLeaseLost(run.JobId, run.Owner);
            stop.Cancel();
        }
        else if (row.CancelRequested)
        {
            run.CancelRequested = true;
            stop.Cancel();
        }
    }

    /// <summary>Ends the run in one transaction, if this worker still holds the job: the change, the passages, the audit events.</summary>
    /// <param name="run">The run.</param>
    /// <param name="jobAction">The audit action on the job.</param>
    /// <param name="change">Changes the job and document; returns the audit action on the document, or null for none.</param>
    /// <param name="passages">Passages to store with the change.</param>
    private async Task<bool> FinishAsync(Run run, string jobAction, Func<DocumentJob, StoredDocument, DateTimeOffset, string?> change, IReadOnlyList<ExtractedPassage>? passages = null)
    {
        // Never the job's token: the end of a job is written even while the app stops.
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var job = await db.DocumentJobs.FromSql($"SELECT * FROM document_jobs WHERE id = {run.JobId} FOR UPDATE").SingleOrDefaultAsync(CancellationToken.None);
        if (job is null || job.State != DocumentJobState.Running || job.LeaseOwner != run.Owner)
        {
            return false;
        }
        var document = await db.Documents.SingleAsync(d => d.Id == job.DocumentId, CancellationToken.None);
        var documentAction = change(job, document, clock.GetUtcNow());
        if (job.IsFinished || job.State == DocumentJobState.Queued)
        {
            (job.LeaseOwner, job.LeaseExpiresAt) = (null, null);
        }
        if (passages is not null)
        {
            await db.DocumentPassages.Where(p => p.DocumentId == document.Id).ExecuteDeleteAsync(CancellationToken.None);
            db.DocumentPassages.AddRange(passages.Select((p, i) => new DocumentPassage
            {
                DocumentId = document.Id,
                Sequence = i,
                Page = p.Page,
                Paragraph = p.Paragraph,
                StartOffset = p.Start,
                EndOffset = p.End,
                Text = p.Text,
            }));
        }
        await db.SaveChangesAsync(CancellationToken.None);
        if (documentAction is not null)
        {
            await audit.AppendAsync(db, AuditActor.System, documentAction, "document", document.Id.ToString(), CancellationToken.None);
        }
        await audit.AppendAsync(db, AuditActor.System, jobAction, "document_job", job.Id.ToString(), CancellationToken.None);
        await LiveEventPublisher.NotifyAsync(db, LiveEventKinds.DocumentJobChanged, job.Id, job.ConsultationId, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return true;
    }

    private static void Fail(DocumentJob job, DateTimeOffset now, string reason)
    {
        (job.State, job.FinishedAt, job.Stage, job.ErrorReason) = (DocumentJobState.Failed, now, "Failed", reason.Length <= 400 ? reason : reason[..400]);
        (job.LeaseOwner, job.LeaseExpiresAt) = (null, null);
    }

    private static void Requeue(DocumentJob job, DateTimeOffset now, string stage)
    {
        (job.State, job.QueuedAt, job.Progress, job.Stage, job.CancelRequested) = (DocumentJobState.Queued, now, 0, stage, false);
        (job.LeaseOwner, job.LeaseExpiresAt) = (null, null);
    }

    private static string Trim(string stage) => stage.Length <= 80 ? stage : stage[..80];

    /// <summary>The metric label of a kind: its name in snake case, from the closed enum.</summary>
    internal static string KindLabel(DocumentJobKind kind) => kind switch
    {
        DocumentJobKind.ExtractText => "extract_text",
        _ => "other",
    };

    private sealed class Run(Guid jobId, string owner)
    {
        public Guid JobId { get; } = jobId;

        public string Owner { get; } = owner;

        public int Percent { get; set; } = -1;

        public volatile bool LeaseLost;

        public volatile bool CancelRequested;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Document job {JobId} ({Kind}) claimed by {Owner}, attempt {Attempt}")]
    private partial void LogClaimed(Guid jobId, DocumentJobKind kind, string owner, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Document job {JobId} ({Kind}) ended: {Outcome}")]
    private partial void LogFinished(Guid jobId, DocumentJobKind kind, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document job {JobId}: the lease of {Owner} ran out after attempt {Attempt}")]
    private partial void LogLeaseExpired(Guid jobId, string owner, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document job {JobId}: {Owner} lost its lease; it stops without writing")]
    private partial void LogLeaseLost(Guid jobId, string owner);

    [LoggerMessage(Level = LogLevel.Error, Message = "Document job {JobId} ({Kind}) failed ({ErrorType})")]
    private partial void LogJobFailed(Guid jobId, DocumentJobKind kind, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document job {JobId}: progress not written ({ErrorType})")]
    private partial void LogProgressFailed(Guid jobId, string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Document job {JobId}: heartbeat failed ({ErrorType})")]
    private partial void LogHeartbeatFailed(Guid jobId, string errorType);
}
