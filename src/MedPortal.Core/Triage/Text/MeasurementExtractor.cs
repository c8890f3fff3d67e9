using System.Globalization;
using System.Text.RegularExpressions;

namespace MedPortal.Core.Triage.Text;

/// <summary>Pulls ages, durations, numeric severities, vital signs, sex and allergies out of one message.</summary>
/// <remarks>Every pattern runs on the lower-cased normalised message (same length as the normalised text; evidence is mapped back to the original) with a time-out; patterns have no nested quantifiers, so their cost is linear in the (capped) message length.</remarks>
internal static partial class MeasurementExtractor
{
    private const string NumberWords =
        "a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a couple of|couple of|a few|few|several";

    private const string Num = @"(?<n>\d{1,3}(?:\.\d{1,2})?|" + NumberWords + @")";

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    [GeneratedRegex(@"\b" + Num + @"(?:[\s-]+(?:and a half|½))?[\s-]*(?<u>years?|yrs?|months?|mos?|weeks?|wks?|days?)[\s-]*old\b", Options)]
    private static partial Regex AgeOld();

    [GeneratedRegex(@"\b(?:aged?|age)\s*:?\s*(?<n>\d{1,3})\b(?!\s*(?:%|kg|lbs?|pounds|weeks?|days?|months?|hours?|cm|mg|times))", Options)]
    private static partial Regex AgeAged();

    [GeneratedRegex(@"\b(?<n>\d{1,3})\s*(?:yo|y/o|y\.o\.?|yrs? old|years? of age)(?![a-z])", Options)]
    private static partial Regex AgeYo();

    [GeneratedRegex(@"\b(?<n>\d{1,3})(?<s>[mf])\b", Options)]
    private static partial Regex AgeSexShort();

    [GeneratedRegex(@"\b(?:i am|im|i'm|i’m)\s+(?:a\s+)?(?<n>\d{1,3})\b(?!\s*(?:%|kg|lbs?|pounds|weeks?|wks?|days?|months?|hours?|minutes?|cm|mg|times|stone|/))", Options)]
    private static partial Regex AgeIAm();

    // "My father is 70.", "She is 8 and ...": a bare number after a person and "is" is an age, unless a unit, a decimal
    // or a reading follows ("he is 38 weeks", "she is 37.5", "his pulse is 70" has no person before "is").
    [GeneratedRegex(@"\b(?:he is|he's|he’s|hes|she is|she's|she’s|shes|(?:my|our|the|his|her) (?:father|mother|dad|mum|mom|husband|wife|partner|son|daughter|grandmother|grandfather|grandma|grandpa|granny|gran|nan|brother|sister|friend|neighbour|neighbor|patient|baby|child|boy|girl|uncle|aunt)(?:'s| is))\s+(?:only\s+|just\s+)?(?<n>\d{1,3})\b(?![.,]\d)(?!\s*(?:%|kg|lbs?|pounds|weeks?|wks?|days?|months?|hours?|minutes?|cm|mg|times|stone|bpm|beats|degrees|°|º|˚|mmhg|/|over\b|kilos?))", Options)]
    private static partial Regex AgeThirdPerson();

    [GeneratedRegex(@"\b(?:newborn|neonate|new born)\b", Options)]
    private static partial Regex AgeNewborn();

    [GeneratedRegex(@"\b" + Num + @"(?:[\s-]+(?:and a half|½))?[\s-]*(?<u>minutes?|mins?|hours?|hrs?|h|days?|nights?|weeks?|wks?|months?|mos?|years?|yrs?)\b(?![\s-]*(?:old|pregnant|gestation|along|postpartum|post partum))", Options)]
    private static partial Regex Duration();

    [GeneratedRegex(@"\b(?<w>yesterday|last night|overnight|this morning|since this morning|today|tonight|this afternoon|this evening|half an hour)\b", Options)]
    private static partial Regex DurationWord();

    [GeneratedRegex(@"(?<![\d/])(?<n>10|[0-9](?:\.5)?)\s*(?:/|out of)\s*10\b", Options)]
    private static partial Regex SeverityScale();

    [GeneratedRegex(@"\b(?:hr|heart rate|pulse rate|pulse|heart ?beat)\s*(?:is|was|of|at|:|=|running at|around|about)?\s*(?<v>\d{2,3})\b|\b(?<v>\d{2,3})\s*(?:bpm|beats per minute|beats a minute|beats/min)\b", Options)]
    private static partial Regex HeartRate();

    [GeneratedRegex(@"\b(?:rr|resp(?:iratory)? rate|respirations?|resps|breathing rate)\s*(?:is|was|of|at|:|=)?\s*(?<v>\d{1,2})\b|\b(?<v>\d{1,2})\s*breaths\b", Options)]
    private static partial Regex RespiratoryRate();

    [GeneratedRegex(@"\b(?:spo2|sp02|sao2|o2 sats?|o2 saturations?|oxygen saturations?|oxygen sats?|sats?|saturations?|saturating|pulse ox(?:imetry)?|oxygen(?: level)?|o2)\s*(?:is|was|of|at|are|were|:|=)?\s*(?<v>\d{2,3})\s*%?|\b(?<v>\d{2,3})\s*%\s*(?:on\s+)?(?:room air|ra)\b", Options)]
    private static partial Regex Spo2();

    [GeneratedRegex(@"\b(?:temp(?:erature)?\.?|fever(?: of)?|febrile(?: to| at)?|pyrexial(?: to| at)?)\s*(?:is|was|of|at|up to|reading|:|=|to)?\s*(?<v>\d{2,3}(?:\.\d{1,2})?)\s*(?:°|º|degrees?|deg)?\s*(?<u>celsius|centigrade|fahrenheit|c|f)?\b|\b(?<v>\d{2,3}(?:\.\d{1,2})?)\s*(?:°|º|degrees?)\s*(?<u>celsius|centigrade|fahrenheit|c|f)?|\bthermometer\s*(?:says|said|reads|read|reading|showed|shows|showing|is|was|:)?\s*(?<v>\d{2,3}(?:\.\d{1,2})?)\s*(?:°|º|degrees?)?\s*(?<u>celsius|centigrade|fahrenheit|c|f)?\b|\b(?<v>\d{2,3}(?:\.\d{1,2})?)\s*(?:°|º|degrees?)?\s*(?<u>celsius|centigrade|fahrenheit|c|f)?\s+on\s+(?:the|a|his|her|my|our)\s+thermometer\b", Options)]
    private static partial Regex Temperature();

    [GeneratedRegex(@"\bt\.?\s*:?\s*(?<v>\d{2,3}\.\d{1,2}|\d{2,3})(?!\s*(?:%|/|mm|kg|cm|mg|years?|yo|y/o|weeks?|days?|hours?|min))\s*(?:°|º|˚|degrees?)?\s*(?<u>c|f)?\b(?![\s-]*(?:old|year))", Options)]
    private static partial Regex TemperatureShort();

    [GeneratedRegex(@"\b(?:bp|blood pressure)(?:\s+(?:reading|readings|measurement|check|monitor|machine))?(?:\s+(?:at home|this morning|today|earlier))?\s*(?:is|was|were|of|at|:|=|reads|read|says|said|showed|shows|came out at|came back at)?\s*(?:of|at)?\s*(?<s>\d{2,3})\s*(?:/|over)\s*(?<d>\d{2,3})\b|\b(?<s>\d{2,3})\s*/\s*(?<d>\d{2,3})\s*(?:mm\s*hg)", Options)]
    private static partial Regex BloodPressure();

    [GeneratedRegex(@"\bgcs\s*(?:is|was|of|:|=)?\s*(?<v>\d{1,2})\b", Options)]
    private static partial Regex Gcs();

    [GeneratedRegex(@"\b(?:blood sugars?|blood glucose|glucose|bgl?|bsl|sugars?(?: levels?)?|cbg|fingerstick)\s*(?:is|was|of|at|reading|:|=|levels?)?\s*(?<v>\d{1,3}(?:\.\d)?)\s*(?<u>mg/dl|mg|mmol(?:/l)?)?", Options)]
    private static partial Regex Glucose();

    [GeneratedRegex(@"\b(?<m>man|male|boy|gentleman|guy|husband|son|father|dad|brother|grandfather|mr)\b|\b(?<f>woman|female|girl|lady|wife|daughter|mother|mom|mum|sister|grandmother|mrs|pregnant)\b", Options)]
    private static partial Regex Sex();

    [GeneratedRegex(@"\b(?:allergic to|allergy to|allergies to|allergies:|allergy:|allergic reaction to)\s+(?<a>[a-z][a-z -]{1,40}?)(?=[,.;\n]|\s+and\b|\s+but\b|$)", Options)]
    private static partial Regex Allergy();

    public static AgeFinding? FindAge(string lower, int messageIndex, NormalizedText original)
    {
        (int Index, AgeFinding Age)? best = null;

        void Consider(Match m, double value, string unit)
        {
            var years = unit switch
            {
                "months" => value / 12.0,
                "weeks" => value * 7.0 / 365.25,
                "days" => value / 365.25,
                _ => value,
            };

            if (years is < 0 or > 120 || best is { } b && b.Index <= m.Index)
            {
                return;
            }

            best = (m.Index, new AgeFinding(Math.Round(years, 4), value, unit, Span(messageIndex, original, m.Index, m.Length)));
        }

        foreach (var m in Safe(AgeOld(), lower))
        {
            if (ParseNumber(m.Groups["n"].Value) is { } n)
            {
                var half = m.Value.Contains("half", StringComparison.Ordinal) || m.Value.Contains('½') ? 0.5 : 0;
                Consider(m, n + half, Unit(m.Groups["u"].Value));
            }
        }

        foreach (var regex in new[] { AgeAged(), AgeYo(), AgeIAm(), AgeThirdPerson(), AgeSexShort() })
        {
            foreach (var m in Safe(regex, lower))
            {
                if (ParseNumber(m.Groups["n"].Value) is { } n and >= 1)
                {
                    Consider(m, n, "years");
                }
            }
        }

        foreach (var m in Safe(AgeNewborn(), lower))
        {
            Consider(m, 7, "days");
        }

        return best?.Age;
    }

    public static (string Sex, EvidenceSpan Evidence)? FindSex(string lower, int messageIndex, NormalizedText original)
    {
        foreach (var m in Safe(AgeSexShort(), lower))
        {
            return (m.Groups["s"].Value == "m" ? "male" : "female", Span(messageIndex, original, m.Index, m.Length));
        }

        foreach (var m in Safe(Sex(), lower))
        {
            return (m.Groups["m"].Success ? "male" : "female", Span(messageIndex, original, m.Index, m.Length));
        }

        return null;
    }

    public static void FindDurations(string lower, int messageIndex, NormalizedText original, List<Measurement> into)
    {
        foreach (var m in Safe(Duration(), lower))
        {
            if (ParseNumber(m.Groups["n"].Value) is not { } n)
            {
                continue;
            }

            // "a" and "an" alone are too common to read as numbers unless a unit follows directly ("an hour").
            var half = m.Value.Contains("half", StringComparison.Ordinal) || m.Value.Contains('½') ? 0.5 : 0;
            var hours = (n + half) * Unit(m.Groups["u"].Value) switch
            {
                "minutes" => 1.0 / 60,
                "hours" => 1,
                "days" => 24,
                "weeks" => 24 * 7,
                "months" => 24 * 30.44,
                "years" => 24 * 365.25,
                _ => 0,
            };

            if (hours > 0)
            {
                into.Add(new Measurement("duration", Math.Round(hours, 3), "h", Span(messageIndex, original, m.Index, m.Length)));
            }
        }

        foreach (var m in Safe(DurationWord(), lower))
        {
            var hours = m.Groups["w"].Value switch
            {
                "yesterday" => 24.0,
                "last night" or "overnight" => 12,
                "half an hour" => 0.5,
                _ => 6,
            };
            into.Add(new Measurement("duration", hours, "h", Span(messageIndex, original, m.Index, m.Length)));
        }
    }

    public static void FindSeverities(string lower, int messageIndex, NormalizedText original, List<Measurement> into)
    {
        foreach (var m in Safe(SeverityScale(), lower))
        {
            if (double.TryParse(m.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 10)
            {
                into.Add(new Measurement("severity", v, "/10", Span(messageIndex, original, m.Index, m.Length)));
            }
        }
    }

    public static void FindVitals(string lower, int messageIndex, NormalizedText original, List<Measurement> into)
    {
        foreach (var m in Safe(HeartRate(), lower))
        {
            AddIf(into, "heart_rate", m.Groups["v"].Value, "bpm", 20, 300, m, messageIndex, original);
        }

        foreach (var m in Safe(RespiratoryRate(), lower))
        {
            AddIf(into, "respiratory_rate", m.Groups["v"].Value, "/min", 4, 90, m, messageIndex, original);
        }

        foreach (var m in Safe(Spo2(), lower))
        {
            AddIf(into, "spo2", m.Groups["v"].Value, "%", 50, 100, m, messageIndex, original);
        }

        foreach (var m in Safe(Temperature(), lower))
        {
            AddTemperature(into, m, minCelsius: 25, maxCelsius: 45, messageIndex, original);
        }

        // Clinical notation "T 38.9", "T 101.4 F", "temp. 37.2": a bare T before a plausible body temperature,
        // unless the worded pattern above already read a temperature at that place.
        foreach (var m in Safe(TemperatureShort(), lower))
        {
            AddTemperature(into, m, minCelsius: 30, maxCelsius: 44, messageIndex, original);
        }

        foreach (var m in Safe(BloodPressure(), lower))
        {
            AddIf(into, "systolic_bp", m.Groups["s"].Value, "mmHg", 40, 300, m, messageIndex, original);
            AddIf(into, "diastolic_bp", m.Groups["d"].Value, "mmHg", 20, 200, m, messageIndex, original);
        }

        foreach (var m in Safe(Gcs(), lower))
        {
            AddIf(into, "gcs", m.Groups["v"].Value, "points", 3, 15, m, messageIndex, original);
        }

        foreach (var m in Safe(Glucose(), lower))
        {
            if (!double.TryParse(m.Groups["v"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                continue;
            }

            var unit = m.Groups["u"].Value;
            var mgdl = unit.StartsWith("mmol", StringComparison.Ordinal) || (unit.Length == 0 && v <= 35) ? v * 18.0 : v;
            if (mgdl is >= 10 and <= 1500)
            {
                into.Add(new Measurement("glucose", Math.Round(mgdl, 1), "mg/dL", Span(messageIndex, original, m.Index, m.Length)));
            }
        }
    }

    public static void FindAllergies(string lower, int messageIndex, NormalizedText original, List<EvidenceSpan> into)
    {
        foreach (var m in Safe(Allergy(), lower))
        {
            into.Add(Span(messageIndex, original, m.Index, m.Length));
        }
    }

    /// <summary>Reads a temperature match's value ("v") and unit ("u"); a bare value of 86 or more is Fahrenheit. Adds it in °C
    /// when it lies in the plausible range and no temperature was already read over the same characters.</summary>
    private static void AddTemperature(List<Measurement> into, Match m, double minCelsius, double maxCelsius, int messageIndex, NormalizedText original)
    {
        if (!double.TryParse(m.Groups["v"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            return;
        }

        var unit = m.Groups["u"].Value;
        var fahrenheit = unit is "f" or "fahrenheit" || (unit.Length == 0 && v >= 86);
        var celsius = fahrenheit ? (v - 32) * 5 / 9 : v;
        var overlaps = into.Exists(t => t.Name == "temperature" && t.Evidence.MessageIndex == messageIndex
            && t.Evidence.Start < m.Index + m.Length && m.Index < t.Evidence.Start + t.Evidence.Length);
        if (celsius >= minCelsius && celsius <= maxCelsius && !overlaps)
        {
            into.Add(new Measurement("temperature", Math.Round(celsius, 2), "°C", Span(messageIndex, original, m.Index, m.Length)));
        }
    }

    private static void AddIf(List<Measurement> into, string name, string text, string unit, double min, double max, Match m, int messageIndex, NormalizedText original)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max)
        {
            into.Add(new Measurement(name, v, unit, Span(messageIndex, original, m.Index, m.Length)));
        }
    }

    private static EvidenceSpan Span(int messageIndex, NormalizedText original, int start, int length) =>
        original.Span(messageIndex, start, length);

    private static string Unit(string u) => u switch
    {
        _ when u.StartsWith("min", StringComparison.Ordinal) => "minutes",
        _ when u.StartsWith('h') => "hours",
        _ when u.StartsWith('d') || u.StartsWith('n') => "days",
        _ when u.StartsWith('w') => "weeks",
        _ when u.StartsWith("mo", StringComparison.Ordinal) => "months",
        _ when u.StartsWith('y') => "years",
        _ => "unknown",
    };

    private static double? ParseNumber(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
        {
            return v;
        }

        return text switch
        {
            "a" or "an" or "one" => 1,
            "two" or "a couple of" or "couple of" => 2,
            "three" or "a few" or "few" or "several" => 3,
            "four" => 4,
            "five" => 5,
            "six" => 6,
            "seven" => 7,
            "eight" => 8,
            "nine" => 9,
            "ten" => 10,
            "eleven" => 11,
            "twelve" => 12,
            "thirteen" => 13,
            "fourteen" => 14,
            "fifteen" => 15,
            "sixteen" => 16,
            "seventeen" => 17,
            "eighteen" => 18,
            "nineteen" => 19,
            "twenty" => 20,
            "thirty" => 30,
            "forty" => 40,
            "fifty" => 50,
            "sixty" => 60,
            "seventy" => 70,
            "eighty" => 80,
            "ninety" => 90,
            _ => null,
        };
    }

    /// <summary>All matches, or none if the pattern times out on pathological input.</summary>
    private static List<Match> Safe(Regex regex, string text)
    {
        var list = new List<Match>();
        try
        {
            for (var m = regex.Match(text); m.Success; m = m.NextMatch())
            {
                list.Add(m);
            }
        }
        catch (RegexMatchTimeoutException)
        {
            list.Clear();
        }

        return list;
    }
}
