using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MedPortal.Core.Live;

/// <summary>Registers live updates.</summary>
public static class LiveExtensions
{
    /// <summary>Registers <see cref="LiveEvents"/> and the PostgreSQL listener that feeds it.</summary>
    public static IHostApplicationBuilder AddMedPortalLive(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LiveEvents>();
        builder.Services.AddSingleton<PostgresLiveEventListener>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PostgresLiveEventListener>());
        return builder;
    }
}
