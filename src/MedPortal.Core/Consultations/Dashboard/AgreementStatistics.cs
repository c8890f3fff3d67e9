using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using MedPortal.Core.Triage;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Core.Consultations.Dashboard;

/// <summary>The agreement dashboard's figures: how often nurses kept or changed the AI's acuity.</summary>
/// <param name="contexts">Database contexts.</param>
/// <param name="audit">The audit chain.</param>
public sealed class AgreementStatistics(IDbContextFactory<MedPortalDb> contexts, AuditLog audit)
{
    /// <summary>AI-versus-nurse agreement over every decided case. Audited as a view of aggregate data.</summary>
    public async Task<AgreementReport> LoadAsync(AuditActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var cells = await db.Decisions.GroupBy(d => new { d.AiAcuity, d.FinalAcuity })
            .Select(g => new { g.Key.AiAcuity, g.Key.FinalAcuity, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var matrix = new int[5, 5];
        foreach (var cell in cells)
        {
            matrix[(int)cell.AiAcuity - 1, (int)cell.FinalAcuity - 1] = cell.Count;
        }
        var total = cells.Sum(c => c.Count);
        var overridden = await db.Decisions.CountAsync(d => d.Overridden, cancellationToken);
        var underTriage = await (from d in db.Decisions
                                 join a in db.Assessments on d.AssessmentId equals a.Id
                                 where d.FinalAcuity < d.AiAcuity
                                 orderby d.DecidedAt descending
                                 select new UnderTriageCase(a.Id, a.ConsultationId, d.AiAcuity, d.FinalAcuity, d.OverrideReason, d.DecidedAt))
            .Take(100).ToListAsync(cancellationToken);
        var underTriageCount = await db.Decisions.CountAsync(d => d.FinalAcuity < d.AiAcuity, cancellationToken);
        var medianSeconds = await db.Database.SqlQuery<double?>(
                $"SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM d.decided_at - a.created_at))::double precision AS \"Value\" FROM nurse_decisions d JOIN triage_assessments a ON a.id = d.assessment_id")
            .SingleAsync(cancellationToken);
        await audit.AppendAsync(db, actor, "triage_dashboard.view", "triage_dashboard", "all", cancellationToken);
        return new AgreementReport(matrix, total, overridden, underTriageCount, underTriage, medianSeconds is { } s ? TimeSpan.FromSeconds(s) : null);
    }
}

/// <summary>A case the nurse made more urgent than the AI did.</summary>
public sealed record UnderTriageCase(Guid AssessmentId, Guid ConsultationId, Acuity AiAcuity, Acuity FinalAcuity, string? Reason, DateTimeOffset DecidedAt);

/// <summary>AI-versus-nurse agreement.</summary>
/// <param name="Matrix">[AI level − 1, nurse level − 1] counts.</param>
/// <param name="Decided">Decided cases.</param>
/// <param name="Overridden">Cases whose acuity the nurse changed.</param>
/// <param name="UnderTriageCount">Cases the AI rated less urgent than the nurse.</param>
/// <param name="UnderTriage">The most recent of those (at most 100).</param>
/// <param name="MedianTimeToReview">From assessment to decision; null before the first decision.</param>
public sealed record AgreementReport(int[,] Matrix, int Decided, int Overridden, int UnderTriageCount, IReadOnlyList<UnderTriageCase> UnderTriage, TimeSpan? MedianTimeToReview)
{
    /// <summary>Share of decided cases overridden, 0–1.</summary>
    public double OverrideRate => Decided == 0 ? 0 : (double)Overridden / Decided;

    /// <summary>Share of decided cases where nurse and AI agreed, 0–1.</summary>
    public double AgreementRate => Decided == 0 ? 0 : (double)Enumerable.Range(0, 5).Sum(i => Matrix[i, i]) / Decided;
}
