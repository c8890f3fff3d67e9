using MedPortal.Web.Telemetry;

namespace MedPortal.Tests.Web.Telemetry;

public sealed class RecentMeasurementsTests
{
    [Theory]
    [InlineData(new double[] { 1 }, 0.5, 1)]
    [InlineData(new double[] { 1, 2, 3, 4 }, 0.5, 2)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 }, 0.95, 19)]
    public void Percentile_SortedValues_NearestRank(double[] values, double p, double expected)
    {
        Assert.Equal(expected, RecentMeasurements.Percentile(values, p));
    }

    [Fact]
    public void Percentile_None_Null()
    {
        Assert.Null(RecentMeasurements.Percentile([], 0.5));
    }

    [Fact]
    public void Minutes_MeasurementsInTwoMinutes_OneSummaryPerMinuteOldDroppedAfterHalfAnHour()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 3, 10, 0, 10, TimeSpan.Zero));
        using var recent = new RecentMeasurements(clock);
        recent.Add(RecentMeasurements.FirstToken, 0.4);
        recent.Add(RecentMeasurements.FirstToken, 0.2);
        clock.Advance(TimeSpan.FromMinutes(1));
        recent.Add(RecentMeasurements.FirstToken, 1.5);

        var minutes = recent.Minutes(RecentMeasurements.FirstToken, 15);

        Assert.Equal(15, minutes.Count);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 10, 1, 0, TimeSpan.Zero), minutes[^1].Minute);
        Assert.Equal((1, 1.5, 1.5), (minutes[^1].Count, minutes[^1].P50, minutes[^1].P95));
        Assert.Equal((2, 0.2, 0.4), (minutes[^2].Count, minutes[^2].P50, minutes[^2].P95));
        Assert.All(minutes.Take(13), m => Assert.Equal(0, m.Count));

        clock.Advance(TimeSpan.FromMinutes(31));
        recent.Add(RecentMeasurements.FirstToken, 0.3);
        Assert.Equal(1, recent.Minutes(RecentMeasurements.FirstToken, 30).Sum(m => m.Count));
    }

    [Fact]
    public void Listener_TheAppsOwnTriageInstrument_IsRecorded()
    {
        using var recent = new RecentMeasurements(TimeProvider.System);

        MedPortal.Core.Telemetry.MedPortalTelemetry.RecordTriage(TimeSpan.FromMilliseconds(3), 4);

        Assert.True(recent.Minutes(RecentMeasurements.TriageDuration, 2).Sum(m => m.Count) >= 1);
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;

        public void Advance(TimeSpan by) => now += by;

        public override DateTimeOffset GetUtcNow() => now;
    }
}
