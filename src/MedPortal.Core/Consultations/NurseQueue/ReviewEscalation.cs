using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using MedPortal.Core.Live;
using MedPortal.Core.Notifications;
using MedPortal.Core.Triage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MedPortal.Core.Consultations.NurseQueue;

/// <summary>
/// Escalation of triage cases that wait too long: a crisis or level-1 case not claimed within five minutes, or any case
/// past its review target (<see cref="QueueTargets.EscalateAfter"/>), raises one alert. The alert appears on every open
/// nurse page (a live event) and is emailed, with no health information, to the charge nurse when one is configured.
/// A nurse acknowledges it. Raising is idempotent across app instances (one row per case, unique in the database) and
/// every raise and acknowledgement is audited.
/// </summary>
/// <param name="contexts">Database contexts.</param>
/// <param name="audit">The audit chain.</param>
/// <param name="outbox">The email outbox (escalation emails are queued in the raise's transaction).</param>
/// <param name="email">Email settings (whether email is on; where links point).</param>
/// <param name="options">Escalation settings (the charge nurse's address).</param>
/// <param name="clock">The clinic's clock.</param>
public sealed class ReviewEscalation(
    IDbContextFactory<MedPortalDb> contexts,
    AuditLog audit,
    EmailOutbox outbox,
    IOptions<EmailOptions> email,
    IOptions<EscalationOptions> options,
    TimeProvider clock)
{
    /// <summary>The most alerts one scan raises (a backlog after an outage drains over a few scans, most urgent first).</summary>
    public const int MaxPerScan = 200;

    /// <summary>The charge nurse gets at most one escalation email in this time, however many cases are raised.</summary>
    public static readonly TimeSpan EmailAtMostEvery = TimeSpan.FromMinutes(10);

    /// <summary>Raises an alert for every open case past its target that has none yet (at most <see cref="MaxPerScan"/>).</summary>
    /// <returns>The alerts this call raised (none when another instance raised them first).</returns>
    public async Task<IReadOnlyList<ReviewAlert>> RaiseDueAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The cut-offs in SQL only narrow the rows read; EscalateAfter below stays the one definition of "due".
        var crisis = now - QueueTargets.EscalateAfter(Acuity.Emergency, isCrisis: true);
        var level1 = now - QueueTargets.EscalateAfter(Acuity.Emergency, isCrisis: false);
        var level2 = now - QueueTargets.EscalateAfter(Acuity.EmergencyDepartment, isCrisis: false);
        var level3 = now - QueueTargets.EscalateAfter(Acuity.Urgent, isCrisis: false);
        var level4 = now - QueueTargets.EscalateAfter(Acuity.Routine, isCrisis: false);
        var level5 = now - QueueTargets.EscalateAfter(Acuity.SelfCare, isCrisis: false);
        var candidates = await db.Assessments.AsNoTracking()
            .Where(a => a.Status != AssessmentStatus.Decided && !db.ReviewAlerts.Any(r => r.AssessmentId == a.Id))
            .Where(a => a.CreatedAt <= (a.IsCrisis ? crisis
                : a.AiAcuity == Acuity.Emergency ? level1
                : a.AiAcuity == Acuity.EmergencyDepartment ? level2
                : a.AiAcuity == Acuity.Urgent ? level3
                : a.AiAcuity == Acuity.Routine ? level4
                : level5))
            .OrderByDescending(a => a.IsCrisis).ThenBy(a => a.AiAcuity).ThenBy(a => a.CreatedAt)
            .Take(MaxPerScan)
            .Select(a => new { a.Id, a.ConsultationId, a.AiAcuity, a.IsCrisis, a.Status, a.CreatedAt })
            .ToListAsync(cancellationToken);
        var due = candidates.Where(a => now - a.CreatedAt >= QueueTargets.EscalateAfter(a.AiAcuity, a.IsCrisis)).ToList();
        if (due.Count == 0)
        {
            return [];
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var raised = new List<ReviewAlert>();
        foreach (var a in due)
        {
            var alert = new ReviewAlert
            {
                AssessmentId = a.Id,
                ConsultationId = a.ConsultationId,
                Acuity = a.AiAcuity,
                IsCrisis = a.IsCrisis,
                Reason = a.Status == AssessmentStatus.Waiting ? ReviewAlertReason.Unclaimed : ReviewAlertReason.Undecided,
                CaseCreatedAt = a.CreatedAt,
                RaisedAt = now,
            };
            // Another instance may raise the same case at the same moment: the unique index decides, and it waits for
            // that instance's transaction, so exactly one of them writes the alert, its audit event and its email.
            var inserted = await db.Database.ExecuteSqlAsync(
                $"""
                INSERT INTO review_alerts (id, assessment_id, consultation_id, acuity, is_crisis, reason, case_created_at, raised_at)
                VALUES ({alert.Id}, {alert.AssessmentId}, {alert.ConsultationId}, {(int)alert.Acuity}, {alert.IsCrisis},
                        {alert.Reason.ToString()}, {alert.CaseCreatedAt}, {alert.RaisedAt})
                ON CONFLICT (assessment_id) DO NOTHING
                """,
                cancellationToken);
            if (inserted == 0)
            {
                continue;
            }

            await audit.AppendAsync(db, AuditActor.System, "review_alert.raise", "assessment", a.Id.ToString(), cancellationToken);
            await LiveEventPublisher.NotifyAsync(db, LiveEventKinds.ReviewAlertRaised, alert.Id, alert.ConsultationId, cancellationToken);
            raised.Add(alert);
        }

        var emailed = raised.Count > 0 && await QueueChargeNurseEmailAsync(db, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (emailed)
        {
            outbox.Wake();
        }

        return raised;
    }

    /// <summary>The alerts no nurse has acknowledged yet, on cases still open: the most urgent and how many in all. Audited.</summary>
    /// <param name="nurse">Who is looking.</param>
    /// <param name="top">How many of the most urgent to return.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<OpenReviewAlerts> OpenAsync(AuditActor nurse, int top = 5, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nurse);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var total = await OpenAlerts(db).CountAsync(cancellationToken);
        var open = total == 0 ? [] : await OpenAlerts(db)
            .OrderByDescending(r => r.IsCrisis).ThenBy(r => r.Acuity).ThenBy(r => r.CaseCreatedAt)
            .Select(r => new OpenReviewAlert(r.Id, r.AssessmentId, r.Acuity, r.IsCrisis, r.Reason, r.CaseCreatedAt, r.RaisedAt))
            .Take(Math.Clamp(top, 1, 100))
            .ToListAsync(cancellationToken);
        await audit.AppendAsync(db, nurse, "review_alerts.view", "review_alerts", "open", cancellationToken);
        return new OpenReviewAlerts(open, total);
    }

    /// <summary>A nurse acknowledges an alert: it leaves every nurse page. Audited.</summary>
    /// <returns>False when it was already acknowledged (by this nurse or another) or does not exist.</returns>
    public async Task<bool> AcknowledgeAsync(AuditActor nurse, Guid alertId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nurse);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var alert = await db.ReviewAlerts.AsNoTracking().Where(r => r.Id == alertId)
            .Select(r => new { r.AssessmentId, r.ConsultationId }).FirstOrDefaultAsync(cancellationToken);
        var changed = alert is null ? 0 : await db.ReviewAlerts
            .Where(r => r.Id == alertId && r.AcknowledgedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.AcknowledgedBy, nurse.UserId).SetProperty(r => r.AcknowledgedAt, now), cancellationToken);
        if (changed == 0)
        {
            return false;
        }

        await audit.AppendAsync(db, nurse, "review_alert.acknowledge", "assessment", alert!.AssessmentId.ToString(), cancellationToken);
        await LiveEventPublisher.NotifyAsync(db, LiveEventKinds.ReviewAlertAcknowledged, alertId, alert.ConsultationId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The triage queue, the only link an escalation email carries.</summary>
    public Uri QueueLink() => new(new Uri(email.Value.PublicBaseUrl), "/triage");

    /// <summary>Alerts no nurse has acknowledged, on cases still open (the one definition of an open alert).</summary>
    internal static IQueryable<ReviewAlert> OpenAlerts(MedPortalDb db) =>
        from r in db.ReviewAlerts.AsNoTracking()
        join a in db.Assessments on r.AssessmentId equals a.Id
        where r.AcknowledgedAt == null && a.Status != AssessmentStatus.Decided
        select r;

    private async Task<bool> QueueChargeNurseEmailAsync(MedPortalDb db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var to = options.Value.ChargeNurseEmail;
        if (!email.Value.Enabled || string.IsNullOrWhiteSpace(to))
        {
            return false;
        }

        var kind = EmailTemplate.ReviewOverdue(QueueLink(), 1).Kind;
        var since = now - EmailAtMostEvery;
        if (await db.QueuedEmails.AnyAsync(e => e.ToAddress == to && e.Kind == kind && e.CreatedAt > since, cancellationToken))
        {
            // Already told within the window; the queue and the nurse pages show the rest.
            return false;
        }

        outbox.Add(db, to, EmailTemplate.ReviewOverdue(QueueLink(), await OpenAlerts(db).CountAsync(cancellationToken)));
        return true;
    }
}
