using System.Globalization;

namespace MedPortal.Core.Clinic;

/// <summary>
/// How an age is written everywhere: whole years ("38 years"), or whole months under two ("0 months", "23 months"),
/// as clinicians say it. Never a fraction of a year.
/// </summary>
public static class PatientAge
{
    /// <summary>The age on <paramref name="on"/> of someone born on <paramref name="dateOfBirth"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="on"/> is before the birth.</exception>
    public static string Describe(DateOnly dateOfBirth, DateOnly on) => Text(CompletedMonths(dateOfBirth, on));

    /// <summary>An age the patient stated, in (possibly fractional) years: 6 weeks is about 0.115.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="years"/> is negative or not a number.</exception>
    public static string Describe(double years)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(years);
        if (double.IsNaN(years) || double.IsInfinity(years))
        {
            throw new ArgumentOutOfRangeException(nameof(years), years, "An age must be a finite number of years.");
        }
        // The small allowance keeps "18 months" (1.5 years) at 18 months despite floating point.
        return Text((int)Math.Floor((years * 12) + 1e-6));
    }

    /// <summary>Whole months lived: the birthday's day of the month must have come (a birth on the 31st counts at a shorter month's end).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="on"/> is before the birth.</exception>
    public static int CompletedMonths(DateOnly dateOfBirth, DateOnly on)
    {
        if (on < dateOfBirth)
        {
            throw new ArgumentOutOfRangeException(nameof(on), on, "The date is before the date of birth.");
        }
        var months = ((on.Year - dateOfBirth.Year) * 12) + on.Month - dateOfBirth.Month;
        return dateOfBirth.AddMonths(months) > on ? months - 1 : months;
    }

    private static string Text(int months) => months switch
    {
        1 => "1 month",
        < 24 => months.ToString(CultureInfo.InvariantCulture) + " months",
        _ => (months / 12).ToString(CultureInfo.InvariantCulture) + " years",
    };
}
