using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MedPortal.Core.Clinic;

/// <summary>Registers the clinic's settings.</summary>
public static class ClinicExtensions
{
    /// <summary>Adds <see cref="ClinicOptions"/> (section <c>Clinic</c>, checked at start) and <see cref="ClinicTime"/>.</summary>
    public static IHostApplicationBuilder AddMedPortalClinic(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ClinicOptions>().BindConfiguration(ClinicOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ClinicOptions>, ClinicOptionsValidator>();
        builder.Services.AddSingleton<ClinicTime>();
        return builder;
    }
}
