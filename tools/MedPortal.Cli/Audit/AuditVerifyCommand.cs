using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MedPortal.Cli.Audit;

/// <summary><c>medportal audit verify</c>: walks the audit hash chain; exit 0 when intact, 1 where it breaks.</summary>
internal static class AuditVerifyCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        try
        {
            builder.AddMedPortalData();
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
        builder.AddMedPortalAudit();
        using var host = builder.Build();
        AuditVerification result;
        try
        {
            result = await host.Services.GetRequiredService<AuditChainVerifier>().VerifyAsync();
        }
        catch (Npgsql.NpgsqlException ex)
        {
            await Console.Error.WriteLineAsync($"Could not read the audit log from PostgreSQL: {ex.Message}");
            return 2;
        }
        if (result.Intact)
        {
            Console.WriteLine($"Audit chain intact: {result.EventsVerified} events verified.");
            return 0;
        }
        Console.WriteLine($"Audit chain BROKEN at event {result.BrokenAt}: {result.Reason}. {result.EventsVerified} events before it verified.");
        return 1;
    }
}
