using System.Diagnostics.Metrics;
using MedPortal.Core.Telemetry;

namespace MedPortal.Web.Telemetry;

/// <summary>The web app's instruments (in the <c>MedPortal</c> meter). Labels come from closed sets only.</summary>
internal static class WebMetrics
{
    private static readonly Meter Meter = MedPortalTelemetry.Meter;

    private static readonly Histogram<double> FirstToken = Meter.CreateHistogram(
        "medportal.chat.first_token", "s", "From asking the chat model for a reply to its first streamed text.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30] });

    private static readonly Histogram<double> OutputRate = Meter.CreateHistogram(
        "medportal.chat.tokens_per_second", "{token}/s", "Streamed output rate of one chat reply after its first token (updates, or the usage the model reported).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 30, 50, 75, 100, 200, 500, 1000, 5000] });

    private static readonly Counter<long> ChatReplies = Meter.CreateCounter<long>(
        "medportal.chat.replies", "{reply}", "Chat model replies, by outcome (completed, cancelled, failed).");

    private static readonly Histogram<double> PdfDuration = Meter.CreateHistogram(
        "medportal.pdf.render.duration", "s", "Time to print one summary PDF with headless Chromium, retries included.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60] });

    private static readonly Counter<long> PdfFailures = Meter.CreateCounter<long>(
        "medportal.pdf.render.failures", "{failure}", "PDF prints that failed (reason: timeout, browser).");

    private static readonly UpDownCounter<long> Circuits = Meter.CreateUpDownCounter<long>(
        "medportal.circuits.open", "{circuit}", "Blazor Server circuits open on this instance.");

    private static readonly Counter<long> SignInFailures = Meter.CreateCounter<long>(
        "medportal.signin.failures", "{attempt}", "Password sign-ins that failed (reason: bad_password, locked_out, not_allowed, unknown_account).");

    private static readonly Counter<long> Lockouts = Meter.CreateCounter<long>(
        "medportal.signin.lockouts", "{lockout}", "Accounts locked by a failed sign-in reaching the attempt limit.");

    public static void RecordFirstToken(TimeSpan elapsed, string provider) =>
        FirstToken.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("provider", provider));

    public static void RecordReply(string provider, string outcome, long tokens, TimeSpan sinceFirstToken)
    {
        ChatReplies.Add(1, new KeyValuePair<string, object?>("provider", provider), new KeyValuePair<string, object?>("outcome", outcome));
        if (outcome == "completed" && tokens >= 2 && sinceFirstToken > TimeSpan.Zero)
        {
            OutputRate.Record((tokens - 1) / sinceFirstToken.TotalSeconds, new KeyValuePair<string, object?>("provider", provider));
        }
    }

    public static void RecordPdf(TimeSpan elapsed, string outcome) =>
        PdfDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));

    public static void RecordPdfFailure(string reason) => PdfFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void CircuitOpened() => Circuits.Add(1);

    public static void CircuitClosed() => Circuits.Add(-1);

    public static void RecordSignInFailure(string reason) => SignInFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public static void RecordLockout() => Lockouts.Add(1);
}
