using System.Diagnostics.Metrics;
using MedPortal.Core.Telemetry;

namespace MedPortal.Web.Telemetry;

/// <summary>One minute of one measurement on this instance.</summary>
/// <param name="Minute">The minute's start (UTC).</param>
/// <param name="Count">Measurements in it.</param>
/// <param name="P50">Median, in seconds (null when none).</param>
/// <param name="P95">95th percentile, in seconds (null when none).</param>
public sealed record MinuteSummary(DateTimeOffset Minute, int Count, double? P50, double? P95);

/// <summary>
/// The last half hour of the chat's first-token time and the triage engine's duration on this instance, kept in memory
/// for the operations page's live charts (Prometheus keeps the history; this is what an admin sees without one). Listens
/// to the app's own instruments, so the figures are the ones /metrics exports.
/// </summary>
public sealed class RecentMeasurements : IDisposable
{
    /// <summary>The chat's first-token histogram.</summary>
    public const string FirstToken = "medportal.chat.first_token";

    /// <summary>The triage engine's duration histogram.</summary>
    public const string TriageDuration = "medportal.triage.duration";

    private const int MaxKept = 20_000;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(30);

    private readonly TimeProvider clock;
    private readonly MeterListener listener = new();
    private readonly Dictionary<string, Queue<(DateTimeOffset At, double Value)>> kept = new(StringComparer.Ordinal)
    {
        [FirstToken] = new(),
        [TriageDuration] = new(),
    };

    /// <summary>Starts listening.</summary>
    public RecentMeasurements(TimeProvider clock)
    {
        this.clock = clock;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MedPortalTelemetry.Name && kept.ContainsKey(instrument.Name))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument.Name, value));
        listener.Start();
    }

    /// <summary>Per-minute summaries of <paramref name="instrument"/> over the last <paramref name="minutes"/> minutes, oldest first.</summary>
    public IReadOnlyList<MinuteSummary> Minutes(string instrument, int minutes = 15)
    {
        var now = clock.GetUtcNow();
        var last = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);
        (DateTimeOffset At, double Value)[] values;
        var queue = kept[instrument];
        lock (queue)
        {
            values = [.. queue];
        }

        return Enumerable.Range(0, Math.Clamp(minutes, 1, 30)).Select(i => last.AddMinutes(i - Math.Clamp(minutes, 1, 30) + 1)).Select(minute =>
        {
            var inMinute = values.Where(v => v.At >= minute && v.At < minute.AddMinutes(1)).Select(v => v.Value).Order().ToArray();
            return new MinuteSummary(minute, inMinute.Length, Percentile(inMinute, 0.50), Percentile(inMinute, 0.95));
        }).ToList();
    }

    /// <summary>Records a measurement (the listener calls this; tests may too).</summary>
    internal void Add(string instrument, double value)
    {
        if (!kept.TryGetValue(instrument, out var queue))
        {
            return;
        }

        var now = clock.GetUtcNow();
        lock (queue)
        {
            queue.Enqueue((now, value));
            while (queue.Count > MaxKept || (queue.Count > 0 && now - queue.Peek().At > Window))
            {
                queue.Dequeue();
            }
        }
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    internal static double? Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <inheritdoc />
    public void Dispose() => listener.Dispose();
}

/// <summary>Creates <see cref="RecentMeasurements"/> when the app starts, so the charts have history from then on.</summary>
/// <param name="measurements">The listener, started by being created.</param>
internal sealed class RecentMeasurementsStarter(RecentMeasurements measurements) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(measurements);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
