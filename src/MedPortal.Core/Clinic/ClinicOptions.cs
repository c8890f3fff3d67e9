using Microsoft.Extensions.Options;

namespace MedPortal.Core.Clinic;

/// <summary>Where the clinic is (section <c>Clinic</c>): every time a person reads is shown in its time zone.</summary>
public sealed class ClinicOptions
{
    /// <summary>Section name in configuration.</summary>
    public const string Section = "Clinic";

    /// <summary>The clinic's IANA time zone id, e.g. <c>America/New_York</c> or <c>Europe/Berlin</c>.</summary>
    public string TimeZone { get; set; } = "";
}

/// <summary>Checks at start that <see cref="ClinicOptions.TimeZone"/> names a time zone this machine knows.</summary>
internal sealed class ClinicOptionsValidator : IValidateOptions<ClinicOptions>
{
    public ValidateOptionsResult Validate(string? name, ClinicOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.TimeZone))
        {
            return ValidateOptionsResult.Fail("Clinic:TimeZone is not set: give the clinic's IANA time zone id, e.g. America/New_York or Europe/Berlin.");
        }
        return ClinicTime.TryFindZone(options.TimeZone, out _, out var problem) ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
    }
}
