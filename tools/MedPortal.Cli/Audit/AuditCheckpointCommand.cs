using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MedPortal.Cli.Audit;

/// <summary>
/// <c>medportal audit checkpoint</c>: seals what is pending and writes a signed checkpoint (last position, event, chain
/// value) to Audit:CheckpointFolder, outside the database. Run it from cron; copy the files to other storage.
/// </summary>
internal static class AuditCheckpointCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var host = await AuditHost.BuildAsync(args);
        if (host is null)
        {
            return 2;
        }
        var services = host.Services;
        var folder = services.GetRequiredService<IOptions<AuditOptions>>().Value.CheckpointFolder;
        try
        {
            var written = await AuditCheckpoint.WriteAsync(services.GetRequiredService<IDbContextFactory<MedPortalDb>>(), services.GetRequiredService<AuditSealer>(),
                services.GetRequiredService<AuditKey>(), TimeProvider.System, folder);
            if (written is not { } w)
            {
                Console.WriteLine("No audit events are sealed yet: nothing to checkpoint.");
                return 0;
            }
            Console.WriteLine($"Audit checkpoint written: position {w.Checkpoint.Position} (event {w.Checkpoint.EventSequence}) to {w.File}.");
            return 0;
        }
        catch (Npgsql.NpgsqlException ex)
        {
            await Console.Error.WriteLineAsync($"Could not read the audit log from PostgreSQL: {ex.Message}");
            return 2;
        }
    }
}
