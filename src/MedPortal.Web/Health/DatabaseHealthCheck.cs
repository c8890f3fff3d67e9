using MedPortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MedPortal.Web.Health;

/// <summary>Ready only when PostgreSQL answers a query within the timeout.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<MedPortalDb> contexts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await using var db = await contexts.CreateDbContextAsync(timeout.Token);
            await db.Database.ExecuteSqlRawAsync("SELECT 1", timeout.Token);
            return HealthCheckResult.Healthy("PostgreSQL answers.");
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or OperationCanceledException or InvalidOperationException)
        {
            // Pooled connections to a restarted server are dead: drop them so the next check reconnects.
            Npgsql.NpgsqlConnection.ClearAllPools();
            // Only admins see this text (see HealthExtensions).
            return HealthCheckResult.Unhealthy($"PostgreSQL is unreachable: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
