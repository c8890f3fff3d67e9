using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MedPortal.Cli.Audit;

/// <summary>The services the audit commands share (database, key, sealer, verifier), or the message that says what to fix.</summary>
internal static class AuditHost
{
    public static async Task<IHost?> BuildAsync(string[] args)
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
            return null;
        }
        builder.AddMedPortalAudit();
        var host = builder.Build();
        try
        {
            _ = host.Services.GetRequiredService<IOptions<AuditOptions>>().Value;
            return host;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync(string.Join(" ", ex.Failures));
            host.Dispose();
            return null;
        }
    }
}
