using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MedPortal.Core.Data;
using MedPortal.Core.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MedPortal.Web.Telemetry;

/// <summary>
/// The nurse queue as gauges: cases waiting (not yet decided) per acuity level, crisis flag and state, and the oldest
/// wait. One grouped query on the queue's own index every <see cref="TelemetryOptions.QueuePollSeconds"/>; a scrape reads
/// the cached figures and never touches the database. Every instance reports the same shared queue: aggregate with
/// <c>max</c>, not <c>sum</c>, across instances.
/// </summary>
internal sealed partial class ConsultationQueueGauges(
    IDbContextFactory<MedPortalDb> contexts,
    IOptions<TelemetryOptions> options,
    ILogger<ConsultationQueueGauges> logger) : BackgroundService
{
    private static readonly ConcurrentDictionary<ConsultationQueueGauges, byte> Instances = new();

    private static readonly string[] States = ["Waiting", "Claimed"];

    private volatile IReadOnlyList<QueueRow> rows = [];

    private readonly TaskCompletionSource firstRead = new(TaskCreationOptions.RunContinuationsAsynchronously);

    static ConsultationQueueGauges()
    {
        MedPortalTelemetry.Meter.CreateObservableGauge("medportal.consultations.waiting", () => Observe(r => r.Count), "{consultation}",
            "Consultations in the nurse queue not yet decided, by acuity level (1-5), crisis flag and state (waiting, claimed).");
        MedPortalTelemetry.Meter.CreateObservableGauge("medportal.consultations.oldest_wait", () => Observe(r => r.OldestWaitSeconds), "s",
            "How long the oldest undecided consultation of each acuity level, crisis flag and state has been in the queue.");
    }

    /// <summary>Completes after the first successful read (tests wait on it).</summary>
    public Task FirstRead => firstRead.Task;

    /// <summary>Reads the queue now (also called by the poll loop).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Raw SQL on the table, not the entity types: the figures only need the queue's columns, and an index covers them.
        var read = await db.Database.SqlQuery<QueueRow>($"""
            SELECT ai_acuity AS "Acuity", is_crisis AS "Crisis", status AS "State", count(*)::integer AS "Count",
                   COALESCE(EXTRACT(EPOCH FROM (now() - min(created_at))), 0)::double precision AS "OldestWaitSeconds"
            FROM triage_assessments
            WHERE status IN ('Waiting', 'Claimed')
            GROUP BY ai_acuity, is_crisis, status
            """).ToListAsync(cancellationToken);
        rows = read;
        firstRead.TrySetResult();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Instances.TryAdd(this, 0);
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.QueuePollSeconds));
            do
            {
                try
                {
                    await RefreshAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // The gauges keep their last figures; the database health check reports the outage itself.
                    LogReadFailed(ex.GetType().Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            Instances.TryRemove(this, out _);
        }
    }

    // Every combination is reported, zeros included, so an alert on "crisis waiting" sees 0 rather than no series.
    private static IEnumerable<Measurement<double>> Observe(Func<QueueRow, double> value)
    {
        foreach (var instance in Instances.Keys)
        {
            var current = instance.rows;
            for (var acuity = 1; acuity <= 5; acuity++)
            {
                foreach (var crisis in new[] { false, true })
                {
                    foreach (var state in States)
                    {
                        var row = current.FirstOrDefault(r => r.Acuity == acuity && r.Crisis == crisis && r.State == state);
                        yield return new Measurement<double>(row is null ? 0 : value(row),
                            new KeyValuePair<string, object?>("acuity", MedPortalTelemetry.AcuityLabel(acuity)),
                            new KeyValuePair<string, object?>("crisis", crisis ? "true" : "false"),
                            new KeyValuePair<string, object?>("state", state.ToLowerInvariant()));
                    }
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the nurse queue for the metrics failed ({Error}); the gauges keep their last figures")]
    private partial void LogReadFailed(string error);

    internal sealed record QueueRow(int Acuity, bool Crisis, string State, int Count, double OldestWaitSeconds);
}
