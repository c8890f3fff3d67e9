using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MedPortal.Core.Audit;

/// <summary>Registers the audit log.</summary>
public static partial class AuditExtensions
{
    /// <summary>Registers <see cref="AuditLog"/>, the <see cref="AuditSealer"/> (hosted), <see cref="AuditChainVerifier"/> and the key (configuration section <c>Audit</c>).</summary>
    public static IHostApplicationBuilder AddMedPortalAudit(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>();
        builder.Services.AddSingleton(sp => CreateKey(sp.GetRequiredService<IOptions<AuditOptions>>().Value, sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<AuditChainVerifier>();
        builder.Services.AddSingleton<AuditSealer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AuditSealer>());
        return builder;
    }

    private static AuditKey CreateKey(AuditOptions options, ILoggerFactory loggers)
    {
        if (!string.IsNullOrWhiteSpace(options.HmacKey))
        {
            return AuditKey.FromBase64(options.HmacKey);
        }
        // Only reachable in Development (the validator refuses a missing key elsewhere).
        LogEphemeralKey(loggers.CreateLogger(typeof(AuditKey).FullName!));
        return AuditKey.CreateRandom();
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Audit:HmacKey is not set: audit rows are signed with a key that lives only in this process and cannot be verified after a restart. './medportal run' sets one.")]
    private static partial void LogEphemeralKey(ILogger logger);
}
