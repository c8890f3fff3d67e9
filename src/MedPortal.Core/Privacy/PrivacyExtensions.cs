using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MedPortal.Core.Privacy;

/// <summary>Registers de-identification.</summary>
public static class PrivacyExtensions
{
    /// <summary>Registers the <see cref="PhiScrubber"/> (a stateless singleton).</summary>
    public static IHostApplicationBuilder AddMedPortalPrivacy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PhiScrubber>();
        return builder;
    }
}
