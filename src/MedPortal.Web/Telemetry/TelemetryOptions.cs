using System.ComponentModel.DataAnnotations;

namespace MedPortal.Web.Telemetry;

/// <summary>Settings of section <c>Telemetry</c> (docs/operations.md).</summary>
internal sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// A port Kestrel also listens on (name it in ASPNETCORE_URLS too) on which <c>/metrics</c> is served to any caller,
    /// for a Prometheus on the management network. That port serves only <c>/metrics</c> and <c>/health/*</c>.
    /// Unset: <c>/metrics</c> answers loopback callers only.
    /// </summary>
    [Range(1, 65535, ErrorMessage = "Telemetry:MetricsPort must be a TCP port (1-65535), one that ASPNETCORE_URLS also names.")]
    public int? MetricsPort { get; set; }

    /// <summary>An OTLP collector (e.g. http://otel-collector:4317). Unset: nothing is pushed anywhere. OTEL_EXPORTER_OTLP_ENDPOINT also counts.</summary>
    [Url(ErrorMessage = "Telemetry:OtlpEndpoint must be an absolute URL such as http://otel-collector:4317.")]
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (port 4317) or <c>http/protobuf</c> (port 4318, paths /v1/traces and /v1/metrics).</summary>
    [RegularExpression("^(grpc|http/protobuf)$", ErrorMessage = "Telemetry:OtlpProtocol must be 'grpc' or 'http/protobuf'.")]
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>How often the nurse-queue gauges re-read the database (one small grouped query).</summary>
    [Range(1, 3600, ErrorMessage = "Telemetry:QueuePollSeconds must be between 1 and 3600.")]
    public int QueuePollSeconds { get; set; } = 15;

    /// <summary>How often the audit hash chain is verified for <c>medportal.audit.chain.intact</c> (0: never).</summary>
    [Range(0, 10080, ErrorMessage = "Telemetry:AuditVerifyMinutes must be between 0 (off) and 10080 (a week).")]
    public int AuditVerifyMinutes { get; set; } = 60;
}
