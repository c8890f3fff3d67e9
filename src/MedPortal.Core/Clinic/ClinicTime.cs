using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace MedPortal.Core.Clinic;

/// <summary>
/// The one way MedPortal shows a time to a person: converted to the clinic's time zone and written as
/// <c>4 Dec 2026, 14:05</c> (day, month name, 24-hour clock: the same in every culture, never 12/4 or UTC).
/// Stored times stay UTC; only what is shown changes.
/// </summary>
public sealed class ClinicTime
{
    private const string DateFormat = "d MMM yyyy";
    private const string TimeFormat = "HH:mm";

    /// <summary>Shows times in <paramref name="zone"/>.</summary>
    public ClinicTime(TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        Zone = zone;
    }

    /// <summary>Shows times in the configured clinic time zone.</summary>
    /// <exception cref="ArgumentException">The configured zone is unknown (validated at start, so only seen in tests).</exception>
    public ClinicTime(IOptions<ClinicOptions> options)
        : this(FindZone(options))
    {
    }

    /// <summary>The clinic's time zone.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>The zone's id as configured (e.g. <c>America/New_York</c>), for a caption beside a list of times.</summary>
    public string ZoneName => Zone.Id;

    /// <summary>The same instant on the clinic's clock.</summary>
    public DateTimeOffset ToClinic(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    /// <summary>The calendar date at the clinic at <paramref name="at"/>.</summary>
    public DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(ToClinic(at).DateTime);

    /// <summary>Date and time, e.g. <c>4 Dec 2026, 14:05</c>.</summary>
    public string Format(DateTimeOffset at) => ToClinic(at).ToString(DateFormat + ", " + TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>Date and time to the second, e.g. <c>4 Dec 2026, 14:05:09</c> (the audit log, where order within a minute matters).</summary>
    public string FormatPrecise(DateTimeOffset at) => ToClinic(at).ToString(DateFormat + ", " + TimeFormat + ":ss", CultureInfo.InvariantCulture);

    /// <summary>Date only, e.g. <c>4 Dec 2026</c>.</summary>
    public string FormatDate(DateTimeOffset at) => ToClinic(at).ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>Time only, e.g. <c>14:05</c> (charts and "updated at" captions).</summary>
    public string FormatTime(DateTimeOffset at) => ToClinic(at).ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>A calendar date (e.g. a date of birth, which has no zone), e.g. <c>4 Dec 1988</c>.</summary>
    public static string FormatDate(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    /// <summary>Finds an IANA time zone, or says plainly why not.</summary>
    public static bool TryFindZone(string id, [NotNullWhen(true)] out TimeZoneInfo? zone, out string problem)
    {
        zone = null;
        problem = "";
        if (!TimeZoneInfo.TryConvertIanaIdToWindowsId(id, out _) && !TimeZoneInfo.TryFindSystemTimeZoneById(id, out _))
        {
            problem = $"Clinic:TimeZone '{id}' is not an IANA time zone id. Use one such as America/New_York or Europe/Berlin.";
            return false;
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone))
        {
            problem = $"Clinic:TimeZone '{id}' is not known on this machine: install the time zone data (Debian: apt-get install tzdata).";
            return false;
        }
        return true;
    }

    private static TimeZoneInfo FindZone(IOptions<ClinicOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return TryFindZone(options.Value.TimeZone, out var zone, out var problem) ? zone : throw new ArgumentException(problem, nameof(options));
    }
}
