using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace MedPortal.Core.Audit;

/// <summary>Registers the audit log.</summary>
public static class AuditExtensions
{
    /// <summary>Registers <see cref="AuditLog"/> and <see cref="AuditChainVerifier"/>.</summary>
    public static IHostApplicationBuilder AddMedPortalAudit(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<AuditChainVerifier>();
        return builder;
    }
}
