using MedPortal.Core.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MedPortal.Cli.Audit;

/// <summary>
/// <c>medportal audit verify</c>: checks every audit row's HMAC, the sealed chain, and that the log still reaches the
/// latest checkpoint in Audit:CheckpointFolder; exit 0 when intact, 1 where it breaks, 2 when it cannot run.
/// </summary>
internal static class AuditVerifyCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var host = await AuditHost.BuildAsync(args);
        if (host is null)
        {
            return 2;
        }
        var folder = host.Services.GetRequiredService<IOptions<AuditOptions>>().Value.CheckpointFolder;
        AuditVerification result;
        try
        {
            result = await host.Services.GetRequiredService<AuditChainVerifier>().VerifyAgainstLatestCheckpointAsync(folder);
        }
        catch (Npgsql.NpgsqlException ex)
        {
            await Console.Error.WriteLineAsync($"Could not read the audit log from PostgreSQL: {ex.Message}");
            return 2;
        }
        if (result.Intact)
        {
            var against = result.CheckpointPosition is { } position
                ? $"reaches checkpoint position {position} in {folder}"
                : $"no checkpoint in {folder} (run ./medportal audit checkpoint)";
            Console.WriteLine($"Audit chain intact: {result.EventsVerified} events verified ({result.EventsUnsealed} not sealed yet); {against}.");
            return 0;
        }
        Console.WriteLine($"Audit chain BROKEN at event {result.BrokenAt}: {result.Reason}. {result.EventsVerified} events before it verified.");
        return 1;
    }
}
