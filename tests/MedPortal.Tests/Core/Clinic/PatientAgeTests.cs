using MedPortal.Core.Clinic;

namespace MedPortal.Tests.Core.Clinic;

public sealed class PatientAgeTests
{
    [Theory]
    [InlineData("2026-12-04", "2026-12-04", "0 months")]
    [InlineData("2026-11-05", "2026-12-04", "0 months")]
    [InlineData("2026-11-04", "2026-12-04", "1 month")]
    [InlineData("2024-12-05", "2026-12-04", "23 months")]
    [InlineData("2024-12-04", "2026-12-04", "2 years")]
    [InlineData("1988-05-20", "2026-12-04", "38 years")]
    public void Describe_DateOfBirth_WholeMonthsUnderTwoThenWholeYears(string born, string on, string expected) =>
        Assert.Equal(expected, Describe(born, on));

    [Theory]
    [InlineData("1988-12-05", "2026-12-04", "37 years")]
    [InlineData("1988-12-04", "2026-12-04", "38 years")]
    [InlineData("2000-02-29", "2026-02-28", "26 years")]
    [InlineData("2000-02-29", "2026-02-27", "25 years")]
    [InlineData("2026-01-31", "2026-02-28", "1 month")]
    [InlineData("2026-01-31", "2026-02-27", "0 months")]
    public void Describe_AroundBirthday_CountsTheYearOnlyFromTheBirthday(string born, string on, string expected) =>
        Assert.Equal(expected, Describe(born, on));

    private static string Describe(string born, string on) =>
        PatientAge.Describe(DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData(0.0, "0 months")]
    [InlineData(3.0 / 365.25, "0 months")]
    [InlineData(0.115, "1 month")]
    [InlineData(1.5, "18 months")]
    [InlineData(23.0 / 12, "23 months")]
    [InlineData(2.0, "2 years")]
    [InlineData(38.6, "38 years")]
    public void Describe_StatedYears_NeverAFraction(double years, string expected) =>
        Assert.Equal(expected, PatientAge.Describe(years));

    [Fact]
    public void Describe_DateBeforeBirth_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PatientAge.Describe(new DateOnly(2026, 12, 5), new DateOnly(2026, 12, 4)));

    [Fact]
    public void Describe_NegativeYears_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PatientAge.Describe(-1.0));
}
