using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace MedPortal.Core.Privacy;

/// <summary>
/// Removes the HIPAA Safe Harbor identifiers from free text, deterministically: check-digit-validated patterns
/// (cards, IBANs), shape patterns (e-mail, URLs, IP addresses, phone numbers, dates), context words (MRN, policy,
/// licence, "Dr", "my name is"), and dictionaries (first and last names, places, street types, English words)
/// for names and addresses. Each span becomes a typed placeholder such as <c>[NAME]</c>. Thread-safe; regexes
/// are source-generated, so a call builds none.
/// </summary>
public sealed partial class PhiScrubber
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;
    private const RegexOptions OptionsIgnoreCase = Options | RegexOptions.IgnoreCase;

    private readonly PhiLexicon lexicon;

    /// <summary>A scrubber over the embedded dictionaries.</summary>
    public PhiScrubber()
        : this(PhiLexicon.Default)
    {
    }

    internal PhiScrubber(PhiLexicon lexicon) => this.lexicon = lexicon;

    /// <summary>Finds the identifiers in <paramref name="text"/> and returns it with each replaced by its placeholder.</summary>
    public ScrubbedText Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spans = Find(text);
        if (spans.Count == 0)
        {
            return new ScrubbedText(text, spans);
        }

        var sb = new StringBuilder(text.Length);
        var at = 0;
        foreach (var span in spans)
        {
            sb.Append(text, at, span.Start - at).Append(PhiPlaceholders.For(span.Type));
            at = span.End;
        }

        sb.Append(text, at, text.Length - at);
        return new ScrubbedText(sb.ToString(), spans);
    }

    /// <summary>The identifiers in <paramref name="text"/>, in order, not overlapping.</summary>
    public IReadOnlyList<PhiSpan> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var claims = new PhiClaims(text);
        if (text.Length == 0)
        {
            return [];
        }

        // Strongest evidence first: a span once claimed is not re-typed by a weaker rule.
        Add(claims, EmailPattern(), PhiType.Email);
        AddUrls(claims);
        AddIpAddresses(claims);
        AddValidated(claims, IbanPattern(), PhiType.Iban, Checksums.Iban);
        AddValidated(claims, CardPattern(), PhiType.CreditCard, Checksums.Luhn);
        Add(claims, SsnPattern(), PhiType.Ssn);
        AddGroup(claims, SsnContextPattern(), PhiType.Ssn);
        AddGroup(claims, DeviceContextPattern(), PhiType.Device);
        Add(claims, MacAddressPattern(), PhiType.Device);
        AddGroup(claims, MrnContextPattern(), PhiType.Mrn);
        AddGroup(claims, AccountContextPattern(), PhiType.Account);
        AddGroup(claims, LicenceContextPattern(), PhiType.Licence);
        AddGroup(claims, ZipContextPattern(), PhiType.Zip);
        AddDates(claims);
        AddGroup(claims, AgeBeforePattern(), PhiType.Age);
        AddGroup(claims, AgeAfterPattern(), PhiType.Age);

        var tokens = PhiTokens(text);
        new AddressFinder(lexicon, claims, tokens).Run();
        AddPhones(claims);
        new NameFinder(lexicon, claims, tokens).Run();
        Add(claims, LongIdPattern(), PhiType.Id);
        Add(claims, VinPattern(), PhiType.Device);

        var spans = claims.Spans.ToList();
        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        return spans;
    }

    private static List<PhiToken> PhiTokens(string text) => PhiToken.Split(text);

    private static void Add(PhiClaims claims, Regex pattern, PhiType type)
    {
        foreach (var m in pattern.EnumerateMatches(claims.Text))
        {
            claims.TryAdd(m.Index, m.Index + m.Length, type);
        }
    }

    private static void AddGroup(PhiClaims claims, Regex pattern, PhiType type)
    {
        for (var m = pattern.Match(claims.Text); m.Success; m = m.NextMatch())
        {
            var g = m.Groups["id"];
            if (g.Success)
            {
                claims.TryAdd(g.Index, g.Index + g.Length, type);
            }
        }
    }

    private static void AddValidated(PhiClaims claims, Regex pattern, PhiType type, Func<ReadOnlySpan<char>, bool> valid)
    {
        foreach (var m in pattern.EnumerateMatches(claims.Text))
        {
            var candidate = claims.Text.AsSpan(m.Index, m.Length);
            // A greedy match may run into the next group of characters: shorten it a group at a time.
            while (candidate.Length > 0)
            {
                if (valid(candidate))
                {
                    claims.TryAdd(m.Index, m.Index + candidate.Length, type);
                    break;
                }

                var cut = candidate.LastIndexOfAny(' ', '-');
                if (cut <= 0)
                {
                    break;
                }

                candidate = candidate[..cut];
            }
        }
    }

    private static void AddUrls(PhiClaims claims)
    {
        foreach (var pattern in new[] { UrlPattern(), DomainPattern() })
        {
            foreach (var m in pattern.EnumerateMatches(claims.Text))
            {
                var end = m.Index + m.Length;
                while (end > m.Index && ".,;:!?)'\"".Contains(claims.Text[end - 1], StringComparison.Ordinal))
                {
                    end--;
                }

                claims.TryAdd(m.Index, end, PhiType.Url);
            }
        }
    }

    private static void AddIpAddresses(PhiClaims claims)
    {
        Add(claims, Ipv4Pattern(), PhiType.IpAddress);
        foreach (var m in Ipv6Pattern().EnumerateMatches(claims.Text))
        {
            var candidate = claims.Text.AsSpan(m.Index, m.Length);
            if (candidate.Count(':') >= 2
                && (candidate.Contains("::", StringComparison.Ordinal) || candidate.Count(':') >= 5)
                && IPAddress.TryParse(candidate, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                claims.TryAdd(m.Index, m.Index + m.Length, PhiType.IpAddress);
            }
        }
    }

    private static void AddDates(PhiClaims claims)
    {
        Add(claims, IsoDatePattern(), PhiType.Date);
        Span<Range> parts = stackalloc Range[4];
        foreach (var m in NumericDatePattern().EnumerateMatches(claims.Text))
        {
            var s = claims.Text.AsSpan(m.Index, m.Length);
            var n = s.SplitAny(parts, "/.-");
            if (n == 3 && int.TryParse(s[parts[0]], out var a) && int.TryParse(s[parts[1]], out var b)
                && a is >= 1 and <= 31 && b is >= 1 and <= 31 && (a <= 12 || b <= 12))
            {
                claims.TryAdd(m.Index, m.Index + m.Length, PhiType.Date);
            }
        }

        Add(claims, WeekdayDatePattern(), PhiType.Date);
        Add(claims, DayMonthPattern(), PhiType.Date);
        Add(claims, MonthDayPattern(), PhiType.Date);
        Add(claims, MonthYearPattern(), PhiType.Date);
        Add(claims, WeekdayPattern(), PhiType.Date);
    }

    private static void AddPhones(PhiClaims claims)
    {
        foreach (var m in PhonePattern().EnumerateMatches(claims.Text))
        {
            var s = claims.Text.AsSpan(m.Index, m.Length);
            var ext = s.IndexOfAny('x', 'X', 'e');
            var digits = 0;
            foreach (var c in ext > 0 ? s[..ext] : s)
            {
                if (char.IsAsciiDigit(c))
                {
                    digits++;
                }
            }

            if (digits is >= 7 and <= 15 && !IsoDatePattern().IsMatch(s) && !NumericDatePattern().IsMatch(s))
            {
                claims.TryAdd(m.Index, m.Index + m.Length, PhiType.Phone);
            }
        }
    }

    [GeneratedRegex(@"(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b", Options)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"\b(?:https?://|ftp://|www\.)[^\s<>""'\[\]{}]+", OptionsIgnoreCase)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"(?<![@\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|org|net|edu|gov|mil|info|biz|io|ai|app|dev|health|clinic|co\.uk|org\.uk|nhs\.uk|uk|de|fr|nl|se|dk|fi|es|pt|pl|cz|sk|hu|ch|au|nz|ca|ie|eu|ru|ua|gr|cy|jp|cn|br|mx)\b(?:/[^\s]*)?", OptionsIgnoreCase)]
    private static partial Regex DomainPattern();

    [GeneratedRegex(@"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.]\d)", Options)]
    private static partial Regex Ipv4Pattern();

    [GeneratedRegex(@"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])", Options)]
    private static partial Regex Ipv6Pattern();

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b", Options)]
    private static partial Regex IbanPattern();

    [GeneratedRegex(@"(?<![\w+-])\d(?:[ -]?\d){11,18}(?![\w-])", Options)]
    private static partial Regex CardPattern();

    [GeneratedRegex(@"(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])", Options)]
    private static partial Regex SsnPattern();

    [GeneratedRegex(@"\b(?:SSN|social security(?: number| no\.?)?)\s*(?:is\s*)?[:#]?\s*(?<id>\d{3}[- ]?\d{2}[- ]?\d{4})\b", OptionsIgnoreCase)]
    private static partial Regex SsnContextPattern();

    [GeneratedRegex(@"\b(?:serial(?: number| no\.?)?|S/N|IMEI|device(?: id| serial)?|UDID|MAC(?: address)?|VIN|licen[cs]e plate(?: number)?|number plate|plate(?: number| no\.?)?|registration(?: number| no\.?)|reg\.? no\.?|pacemaker|implant(?: serial)?)\s*(?:is\s*)?[:#]?\s*(?<id>(?=[A-Z0-9:-]*\d)[A-Z0-9][A-Z0-9:-]{3,}(?: (?-i:[A-Z0-9]{2,4}))?)\b", OptionsIgnoreCase)]
    private static partial Regex DeviceContextPattern();

    [GeneratedRegex(@"\b[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}\b", Options)]
    private static partial Regex MacAddressPattern();

    [GeneratedRegex(@"\b(?:MRN|M\.R\.N\.?|medical record(?: number| no\.?| #)?|record (?:number|no\.?)|hospital (?:number|no\.?|id)|patient (?:id|number|no\.?)|NHS (?:number|no\.?)|chart (?:number|no\.?)|case (?:number|no\.?))\s*(?:is\s*)?[:#]?\s*(?<id>(?=[A-Z0-9 -]*\d)[A-Z]{0,4}[- ]?\d[\dA-Z-]{2,}(?: \d{3,})*)\b", OptionsIgnoreCase)]
    private static partial Regex MrnContextPattern();

    [GeneratedRegex(@"\b(?:account|acct|a/c|member(?:ship)?|policy|plan|group|subscriber|insurance|insurer|beneficiary|claim|medicare|medicaid|health plan|payer)\s*(?:id|number|no\.?|#|num)\s*(?:is\s*)?[:#]?\s*(?<id>(?=[A-Z0-9 -]*\d)[A-Z0-9][A-Z0-9-]{3,}(?: \d{3,})*)\b", OptionsIgnoreCase)]
    private static partial Regex AccountContextPattern();

    [GeneratedRegex(@"\b(?:driver'?s?'? licen[cs]e|driving licen[cs]e|licen[cs]e|DL|passport|DEA|NPI|GMC|NMC|certificate|permit)\s*(?:number|no\.?|#|id|num)?\s*(?:is\s*)?[:#]?\s*(?<id>(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{4,})\b", OptionsIgnoreCase)]
    private static partial Regex LicenceContextPattern();

    [GeneratedRegex(@"\b(?:zip(?: ?code)?|post ?code|postal code|PLZ)\s*(?:is\s*)?[:#]?[ \t]*(?<id>(?=[A-Z0-9 -]*\d)[A-Z0-9](?:[A-Z0-9-]| (?=[A-Z0-9])){2,9})", OptionsIgnoreCase)]
    private static partial Regex ZipContextPattern();

    [GeneratedRegex(@"\b\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b", Options)]
    private static partial Regex IsoDatePattern();

    [GeneratedRegex(@"(?<![\d/.-])\d{1,2}(?<sep>[/.-])\d{1,2}\k<sep>(?:\d{4}|\d{2})(?![\d/.-]\d)", Options)]
    private static partial Regex NumericDatePattern();

    private const string Month = @"(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)\b|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?)";

    [GeneratedRegex(@"\b\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?[\s-]+" + Month + @"(?:,?[\s-]+\d{4}\b|[\s-]\d{2}\b)?", OptionsIgnoreCase)]
    private static partial Regex DayMonthPattern();

    [GeneratedRegex(@"\b" + Month + @"\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?", OptionsIgnoreCase)]
    private static partial Regex MonthDayPattern();

    [GeneratedRegex(@"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?,?\s+\d{4}\b", Options)]
    private static partial Regex MonthYearPattern();

    [GeneratedRegex(@"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+(?:\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+" + Month + @"(?:,?\s+\d{4}\b)?|" + Month + @"\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?)", OptionsIgnoreCase)]
    private static partial Regex WeekdayDatePattern();

    [GeneratedRegex(@"\b(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b", OptionsIgnoreCase)]
    private static partial Regex WeekdayPattern();

    [GeneratedRegex(@"\b(?:aged?|turned|turns|turning|age of)\s*[:=]?\s*(?<id>9\d|1[0-2]\d)\b(?!\s*(?:mg|kg|%|mmhg|bpm|/))", OptionsIgnoreCase)]
    private static partial Regex AgeBeforePattern();

    [GeneratedRegex(@"\b(?<id>9\d|1[0-2]\d)(?:\s*|-)(?:years?|yrs?|y/o|yo|y\.o\.|year-old|-year-old)\b", OptionsIgnoreCase)]
    private static partial Regex AgeAfterPattern();

    [GeneratedRegex(@"(?<![\w+/.-])(?:\+\d{1,3}[ .-]?)?(?:\(\+?\d{1,4}\)[ .-]?|\(0\)\s?)?\d{1,8}(?:(?:[ .-]|\)\s?|\s?\(0\)\s?)\d{1,8}){0,5}(?:\s?(?:x|ext\.?|extension)\s?\d{1,5})?(?![\w/-]|\.\d)", OptionsIgnoreCase)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"(?<![\w-])(?=[A-Z0-9-]*\d{6})(?:[A-Z]{1,3}-?)?\d[\dA-Z-]{6,}\b", Options)]
    private static partial Regex LongIdPattern();

    [GeneratedRegex(@"\b(?=[A-HJ-NPR-Z0-9]*[A-Z])(?=[A-HJ-NPR-Z0-9]*\d)[A-HJ-NPR-Z0-9]{17}\b", Options)]
    private static partial Regex VinPattern();
}
