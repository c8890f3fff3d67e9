using MedPortal.Core.Clinic;

namespace MedPortal.Tests.Infrastructure;

/// <summary>The clinic settings tests use: the zone appsettings.json ships with.</summary>
public static class TestClinic
{
    /// <summary>Times on the clinic's clock (America/New_York).</summary>
    public static ClinicTime Time { get; } = new(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
}
