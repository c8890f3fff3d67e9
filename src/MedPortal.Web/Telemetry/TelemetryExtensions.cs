using System.Net;
using MedPortal.Core.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MedPortal.Web.Telemetry;

/// <summary>
/// OpenTelemetry for MedPortal: its own meter and spans, ASP.NET Core, Blazor, HttpClient and Npgsql; Prometheus text on
/// <c>/metrics</c> for loopback callers (or the management port); OTLP push only when an endpoint is configured.
/// </summary>
internal static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    /// <summary>Call after every other registration: it wraps the chat model registered by AddInference.</summary>
    public static IHostApplicationBuilder AddMedPortalTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var settings = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = settings.OtlpEndpoint is { Length: > 0 } configured ? configured : builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("medportal", serviceVersion: typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics => metrics
                .AddMeter(MedPortalTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddMeter("Microsoft.AspNetCore.Components", "Microsoft.AspNetCore.Components.Lifecycle", "Microsoft.AspNetCore.Components.Server.Circuits")
                .AddHttpClientInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(MedPortalTelemetry.Name)
                // Blazor's own spans (.NET 10): a circuit's event handler is the root of what one click causes.
                .AddSource("Microsoft.AspNetCore.Components")
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = http => !IsOperationsPath(http.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql());
        if (otlp is { Length: > 0 })
        {
            telemetry.UseOtlpExporter(settings.OtlpProtocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc, new Uri(otlp));
        }

        builder.Services.AddSingleton<RecentMeasurements>();
        builder.Services.AddHostedService<RecentMeasurementsStarter>();
        builder.Services.AddSingleton<ConsultationQueueGauges>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ConsultationQueueGauges>());
        builder.Services.AddSingleton<AuditChainGauge>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AuditChainGauge>());
        WrapChatModel(builder.Services, builder.Configuration.GetValue("Inference:Provider", MedPortal.Inference.InferenceProvider.Local));
        return builder;
    }

    /// <summary>
    /// Refuses <c>/metrics</c> to anyone but a loopback caller that did not come through a proxy, unless the request
    /// arrived on the management port; on that port, serves nothing but <c>/metrics</c> and <c>/health</c>. Call right
    /// after the forwarded-headers middleware.
    /// </summary>
    public static WebApplication UseMedPortalMetricsGuard(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        app.Use(async (context, next) =>
        {
            var onManagementPort = options.MetricsPort is { } port && context.Connection.LocalPort == port;
            var path = context.Request.Path;
            var refused = onManagementPort
                ? !IsOperationsPath(path)
                : path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase) && !IsLocalCaller(context);
            if (refused)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await next(context);
        });
        return app;
    }

    public static IEndpointRouteBuilder MapMedPortalMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();
        return endpoints;
    }

    /// <summary>A loopback peer, and no sign of a proxy in between (a proxy on the same machine would make everyone loopback).</summary>
    internal static bool IsLocalCaller(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address
        && IPAddress.IsLoopback(address)
        && !context.Request.Headers.ContainsKey("X-Forwarded-For")
        && !context.Request.Headers.ContainsKey("X-Original-For")
        && !context.Request.Headers.ContainsKey("Forwarded")
        && !context.Request.Headers.ContainsKey("X-Real-IP");

    private static bool IsOperationsPath(PathString path) =>
        path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);

    private static void WrapChatModel(IServiceCollection services, MedPortal.Inference.InferenceProvider provider)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IChatClient));
        if (registered?.ImplementationFactory is not { } factory)
        {
            return;
        }
        var label = provider == MedPortal.Inference.InferenceProvider.Remote ? "remote" : "local";
        services.Remove(registered);
        services.Add(new ServiceDescriptor(typeof(IChatClient), sp => new MeteredChatClient((IChatClient)factory(sp), label), registered.Lifetime));
    }
}
