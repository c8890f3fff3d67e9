using System.Text.Json;
using MedPortal.Core.Identity;
using MedPortal.Core.Live;
using MedPortal.Web.Summaries;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MedPortal.Web.Health;

/// <summary>
/// <c>/health/live</c>: the process answers (checks nothing else, so a slow database never gets the process killed).
/// <c>/health/ready</c>: the database, the live-event listener, the inference loop and the PDF browser. Anonymous
/// callers (load balancers, Docker) get the status only; signed-in admins also get each check's description and data,
/// which can hold error text and the remote model's address.
/// </summary>
internal static class HealthExtensions
{
    public const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddMedPortalHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, [ReadyTag])
            .AddCheck<LiveEventsHealthCheck>("live-events", HealthStatus.Unhealthy, [ReadyTag])
            // Loading or failed models are Degraded, still 200: chats run in protocol-only mode meanwhile.
            .AddCheck<MedPortal.Inference.InferenceHealthCheck>("inference", HealthStatus.Degraded, [ReadyTag])
            .AddCheck<PdfBrowserHealthCheck>("pdf-browser", HealthStatus.Degraded, [ReadyTag]);
        return builder;
    }

    public static IEndpointRouteBuilder MapMedPortalHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJsonAsync })
            .AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteJsonAsync })
            .AllowAnonymous();
        return endpoints;
    }

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        object body = context.User.IsInRole(Roles.Admin)
            ? new
            {
                status = report.Status.ToString(),
                durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
                checks = report.Entries.ToDictionary(e => e.Key, e => new
                {
                    status = e.Value.Status.ToString(),
                    description = e.Value.Description ?? e.Value.Exception?.Message,
                    data = e.Value.Data.Count == 0 ? null : e.Value.Data,
                }),
            }
            : new { status = report.Status.ToString() };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}

/// <summary>
/// Ready while the LISTEN connection is up: without it this instance's nurse queue stops updating by itself. Waits
/// briefly for a listener that is (re)connecting, so a check right after start-up or a database restart is fair.
/// </summary>
internal sealed class LiveEventsHealthCheck(PostgresLiveEventListener listener) : IHealthCheck
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + Grace;
        while (!listener.IsListening && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken);
        }
        return listener.IsListening
            ? HealthCheckResult.Healthy("Listening for live events (LISTEN/NOTIFY).")
            : HealthCheckResult.Unhealthy("The live-event listener is not connected: the nurse queue on this instance does not update by itself.");
    }
}

/// <summary>Degraded (still 200) when PDFs cannot be printed: everything else keeps working.</summary>
internal sealed class PdfBrowserHealthCheck(SummaryPdfPrinter printer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(printer switch
        {
            { IsWarm: true } => HealthCheckResult.Healthy("Chromium is running."),
            _ when File.Exists(printer.ChromiumPath) => HealthCheckResult.Healthy("Chromium found; it starts on the first print."),
            _ => HealthCheckResult.Degraded($"Chromium was not found at {printer.ChromiumPath}: PDF download and export fail until it is installed."),
        });
}
