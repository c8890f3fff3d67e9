using Microsoft.AspNetCore.Components.Server.Circuits;

namespace MedPortal.Web.Diagnostics;

/// <summary>
/// Counts open circuits, and (only when <c>Diagnostics:Enabled</c> is true, as for <c>./medportal bench chat</c>)
/// serves <c>/diagnostics/memory</c> to loopback callers: managed heap after a full GC and the circuit count.
/// </summary>
internal static class DiagnosticsExtensions
{
    public static IHostApplicationBuilder AddMedPortalDiagnostics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CircuitCounter>();
        builder.Services.AddSingleton<CircuitHandler>(sp => sp.GetRequiredService<CircuitCounter>());
        return builder;
    }

    public static IEndpointRouteBuilder MapMedPortalDiagnostics(this IEndpointRouteBuilder endpoints)
    {
        var configuration = endpoints.ServiceProvider.GetRequiredService<IConfiguration>();
        if (!configuration.GetValue<bool>("Diagnostics:Enabled"))
        {
            return endpoints;
        }
        endpoints.MapGet("/diagnostics/memory", (HttpContext http, CircuitCounter circuits) =>
        {
            if (http.Connection.RemoteIpAddress is not { } address || !System.Net.IPAddress.IsLoopback(address))
            {
                return Results.NotFound();
            }
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            return Results.Ok(new
            {
                managedBytes = GC.GetTotalMemory(forceFullCollection: true),
                workingSetBytes = Environment.WorkingSet,
                openCircuits = circuits.Open,
            });
        }).AllowAnonymous();
        return endpoints;
    }
}

/// <summary>How many Blazor circuits are open on this instance.</summary>
internal sealed class CircuitCounter : CircuitHandler
{
    private int open;

    public int Open => Volatile.Read(ref open);

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref open);
        MedPortal.Web.Telemetry.WebMetrics.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref open);
        MedPortal.Web.Telemetry.WebMetrics.CircuitClosed();
        return Task.CompletedTask;
    }
}
