using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MedPortal.Core.Telemetry;

/// <summary>
/// MedPortal's own traces and metrics: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <see cref="Name"/>; every instrument is called <c>medportal.*</c> (Prometheus shows <c>medportal_*</c>).
/// </summary>
/// <remarks>
/// No label or span attribute carries PHI: labels are small closed sets (acuity level, priority, outcome, event kind);
/// spans carry no text, no patient or user id and no acuity of an identifiable case. Instruments are static so that a
/// pure component (the triage engine) can record without a dependency; the app's MeterProvider decides whether anything
/// listens. docs/operations.md lists every instrument.
/// </remarks>
public static class MedPortalTelemetry
{
    /// <summary>The name of the ActivitySource and of the Meter.</summary>
    public const string Name = "MedPortal";

    /// <summary>Spans for triage, inference generation and PDF rendering.</summary>
    public static readonly ActivitySource Source = new(Name);

    /// <summary>The meter every MedPortal instrument outside the inference engine belongs to.</summary>
    public static readonly Meter Meter = new(Name);

    private static readonly Histogram<double> TriageDuration = Meter.CreateHistogram(
        "medportal.triage.duration", "s", "Time the deterministic triage engine took to assess a conversation.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] });

    private static readonly Histogram<double> ReviewDuration = Meter.CreateHistogram(
        "medportal.nurse.time_to_review", "s", "From a preliminary assessment entering the nurse queue to the nurse's decision.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400] });

    private static readonly Histogram<double> LiveLag = Meter.CreateHistogram(
        "medportal.live.lag", "s", "From a change being announced to every open page of this instance having been told.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Histogram<double> DocumentJobDuration = Meter.CreateHistogram(
        "medportal.documents.job.duration", "s", "One run of a document job (text extraction), from its claim to its end, by kind and outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });

    private static readonly Counter<long> DocumentJobFailures = Meter.CreateCounter<long>(
        "medportal.documents.job.failures", "{failure}", "Document jobs that failed, by kind and reason (unreadable, error, worker_lost).");

    /// <summary>Starts a span (null when nothing listens). The name is a fixed operation name, never user text.</summary>
    public static Activity? StartSpan(string name, ActivityKind kind = ActivityKind.Internal) => Source.StartActivity(name, kind);

    /// <summary>Records one triage assessment's duration, labelled with the acuity level (1–5) it produced.</summary>
    public static void RecordTriage(TimeSpan elapsed, int acuity) =>
        TriageDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("acuity", AcuityLabel(acuity)));

    /// <summary>Records a nurse decision: how long the case waited, labelled with the AI acuity level and whether it was a crisis.</summary>
    public static void RecordReview(TimeSpan waited, int acuity, bool crisis) =>
        ReviewDuration.Record(Math.Max(0, waited.TotalSeconds),
            new KeyValuePair<string, object?>("acuity", AcuityLabel(acuity)),
            new KeyValuePair<string, object?>("crisis", crisis ? "true" : "false"));

    /// <summary>Records how late a live event reached this instance's subscribers, labelled with its kind.</summary>
    public static void RecordLiveLag(TimeSpan lag, string kind) =>
        LiveLag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("kind", kind));

    /// <summary>Records one run of a document job. Kind and outcome are enum names: closed sets.</summary>
    public static void RecordDocumentJob(TimeSpan elapsed, string kind, string outcome) =>
        DocumentJobDuration.Record(Math.Max(0, elapsed.TotalSeconds),
            new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Counts a failed document job; <paramref name="reason"/> is one of unreadable, error, worker_lost.</summary>
    public static void RecordDocumentJobFailure(string kind, string reason) =>
        DocumentJobFailures.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>"1".."5" for a defined acuity level, else "unknown": a label value never comes from free input.</summary>
    public static string AcuityLabel(int acuity) => acuity is >= 1 and <= 5 ? AcuityLabels[acuity - 1] : "unknown";

    private static readonly string[] AcuityLabels = ["1", "2", "3", "4", "5"];
}
