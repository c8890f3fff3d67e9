using System.Diagnostics;
using MedPortal.Core.Audit;
using MedPortal.Core.Consultations.NurseQueue;
using MedPortal.Core.Data;
using MedPortal.Core.Documents.Jobs;
using MedPortal.Core.Notifications;
using MedPortal.Core.Triage;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Core.Operations;

/// <summary>The queue figures of one acuity level.</summary>
/// <param name="Acuity">The level.</param>
/// <param name="Waiting">Cases nobody has claimed.</param>
/// <param name="Claimed">Cases a nurse has claimed but not decided.</param>
/// <param name="OldestWait">How long the oldest undecided case of the level has waited (zero when none).</param>
public sealed record QueueLevel(Acuity Acuity, int Waiting, int Claimed, TimeSpan OldestWait);

/// <summary>What the operations page shows about the database and the work waiting in it. No names, no text.</summary>
/// <param name="ReadAt">When it was read.</param>
/// <param name="DatabaseLatency">One round trip to PostgreSQL.</param>
/// <param name="Levels">The nurse queue per level, 1 to 5.</param>
/// <param name="CrisisWaiting">Crisis cases not yet decided.</param>
/// <param name="OpenAlerts">Escalations no nurse has acknowledged, on cases still open.</param>
/// <param name="EmailsPending">Emails waiting to be sent.</param>
/// <param name="EmailsFailed">Emails given up after every retry.</param>
/// <param name="OldestPendingEmail">How long the oldest pending email has waited (zero when none).</param>
/// <param name="AuditEventsLastHour">Audit events written in the last hour.</param>
/// <param name="DocumentJobs">The document job queue.</param>
public sealed record OperationsSnapshot(
    DateTimeOffset ReadAt,
    TimeSpan DatabaseLatency,
    IReadOnlyList<QueueLevel> Levels,
    int CrisisWaiting,
    int OpenAlerts,
    int EmailsPending,
    int EmailsFailed,
    TimeSpan OldestPendingEmail,
    int AuditEventsLastHour,
    DocumentJobFigures DocumentJobs);

/// <summary>The document job queue's figures (every instance's workers share it).</summary>
/// <param name="Queued">Jobs waiting for a worker.</param>
/// <param name="Running">Jobs a worker holds now.</param>
/// <param name="Failed">Jobs that failed and were not retried.</param>
/// <param name="OldestQueuedWait">How long the oldest queued job has waited (zero when none).</param>
public sealed record DocumentJobFigures(int Queued, int Running, int Failed, TimeSpan OldestQueuedWait);

/// <summary>Reads the operations figures for an administrator. Every read is audited.</summary>
/// <param name="contexts">Database contexts.</param>
/// <param name="audit">The audit chain.</param>
/// <param name="clock">The clinic's clock.</param>
public sealed class OperationsReader(IDbContextFactory<MedPortalDb> contexts, AuditLog audit, TimeProvider clock)
{
    /// <summary>Reads every figure now.</summary>
    public async Task<OperationsSnapshot> ReadAsync(AuditActor admin, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(admin);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
        var latency = Stopwatch.GetElapsedTime(started);
        var now = clock.GetUtcNow();

        var open = await db.Assessments.AsNoTracking()
            .Where(a => a.Status != AssessmentStatus.Decided)
            .GroupBy(a => new { a.AiAcuity, a.Status, a.IsCrisis })
            .Select(g => new { g.Key.AiAcuity, g.Key.Status, g.Key.IsCrisis, Count = g.Count(), Oldest = g.Min(a => a.CreatedAt) })
            .ToListAsync(cancellationToken);
        var levels = Enum.GetValues<Acuity>().Select(level =>
        {
            var rows = open.Where(r => r.AiAcuity == level).ToList();
            return new QueueLevel(level,
                rows.Where(r => r.Status == AssessmentStatus.Waiting).Sum(r => r.Count),
                rows.Where(r => r.Status == AssessmentStatus.Claimed).Sum(r => r.Count),
                rows.Count == 0 ? TimeSpan.Zero : now - rows.Min(r => r.Oldest));
        }).ToList();

        var openAlerts = await ReviewEscalation.OpenAlerts(db).CountAsync(cancellationToken);
        var emails = await db.QueuedEmails.AsNoTracking()
            .Where(e => e.State != QueuedEmailState.Sent)
            .GroupBy(e => e.State)
            .Select(g => new { State = g.Key, Count = g.Count(), Oldest = g.Min(e => e.CreatedAt) })
            .ToListAsync(cancellationToken);
        var pending = emails.FirstOrDefault(e => e.State == QueuedEmailState.Pending);
        var hourAgo = now.AddHours(-1);
        var auditLastHour = await db.AuditEvents.CountAsync(e => e.OccurredAt >= hourAgo, cancellationToken);

        var jobs = await db.DocumentJobs.AsNoTracking()
            .Where(j => j.State == DocumentJobState.Queued || j.State == DocumentJobState.Running || j.State == DocumentJobState.Failed)
            .GroupBy(j => j.State)
            .Select(g => new { State = g.Key, Count = g.Count(), Oldest = g.Min(j => j.QueuedAt) })
            .ToListAsync(cancellationToken);
        var queued = jobs.FirstOrDefault(j => j.State == DocumentJobState.Queued);
        var jobFigures = new DocumentJobFigures(queued?.Count ?? 0,
            jobs.FirstOrDefault(j => j.State == DocumentJobState.Running)?.Count ?? 0,
            jobs.FirstOrDefault(j => j.State == DocumentJobState.Failed)?.Count ?? 0,
            queued is null ? TimeSpan.Zero : now - queued.Oldest);

        await audit.AppendAsync(db, admin, "operations.view", "operations", "overview", cancellationToken);
        return new OperationsSnapshot(now, latency, levels,
            open.Where(r => r.IsCrisis).Sum(r => r.Count),
            openAlerts,
            pending?.Count ?? 0,
            emails.FirstOrDefault(e => e.State == QueuedEmailState.Failed)?.Count ?? 0,
            pending is null ? TimeSpan.Zero : now - pending.Oldest,
            auditLastHour,
            jobFigures);
    }
}
