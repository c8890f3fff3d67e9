using MedPortal.Core.Clinic;
using Microsoft.Extensions.Options;

namespace MedPortal.Tests.Core.Clinic;

public sealed class ClinicTimeTests
{
    private static readonly DateTimeOffset WinterUtc = new(2026, 12, 4, 19, 5, 9, TimeSpan.Zero);
    private static readonly DateTimeOffset SummerUtc = new(2026, 7, 4, 3, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Format_UtcInstant_ShownOnTheClinicClockInOneFormat()
    {
        var time = new ClinicTime(Options.Create(new ClinicOptions { TimeZone = "America/New_York" }));

        Assert.Equal("4 Dec 2026, 14:05", time.Format(WinterUtc));
        Assert.Equal("4 Dec 2026, 14:05:09", time.FormatPrecise(WinterUtc));
        Assert.Equal("4 Dec 2026", time.FormatDate(WinterUtc));
        Assert.Equal("14:05", time.FormatTime(WinterUtc));
    }

    [Fact]
    public void Format_SummerTime_FollowsTheZonesDaylightSaving()
    {
        var time = new ClinicTime(Options.Create(new ClinicOptions { TimeZone = "America/New_York" }));

        Assert.Equal("3 Jul 2026, 23:30", time.Format(SummerUtc));
        Assert.Equal(new DateOnly(2026, 7, 3), time.DateOf(SummerUtc));
    }

    [Fact]
    public void Format_AnyThreadCulture_SameText()
    {
        var time = new ClinicTime(Options.Create(new ClinicOptions { TimeZone = "Europe/Berlin" }));
        var before = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("en-US");
            var us = time.Format(WinterUtc);
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal(us, time.Format(WinterUtc));
            Assert.Equal("4 Dec 2026, 20:05", us);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void FormatDate_DateOfBirth_SameDateFormat() =>
        Assert.Equal("20 May 1988", ClinicTime.FormatDate(new DateOnly(1988, 5, 20)));

    [Theory]
    [InlineData("", "Clinic:TimeZone is not set")]
    [InlineData("Mars/Olympus_Mons", "Clinic:TimeZone 'Mars/Olympus_Mons' is not an IANA time zone id")]
    public void Validate_BadZone_FailureSaysWhatToSet(string zone, string expected)
    {
        var result = new ClinicOptionsValidator().Validate(null, new ClinicOptions { TimeZone = zone });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_IanaZone_Succeeds() =>
        Assert.True(new ClinicOptionsValidator().Validate(null, new ClinicOptions { TimeZone = "Europe/Berlin" }).Succeeded);
}
