using System.Text.RegularExpressions;

namespace MedPortal.Core.Privacy;

/// <summary>
/// Finds street addresses: an anchor (a house number and street words with a street type or a foreign street name,
/// a street type before the name, a foreign street name and its number, a military address, "the corner of …",
/// or whatever follows "Address:"), then the unit, city, region, postcode and country that follow it on the same
/// or the next lines.
/// </summary>
internal sealed partial class AddressFinder(PhiLexicon lexicon, PhiClaims claims, List<PhiToken> tokens)
{
    private static readonly HashSet<string> Connectors = new(StringComparer.Ordinal)
    {
        "de", "du", "des", "do", "da", "dos", "das", "di", "dei", "del", "della", "la", "le", "les", "sur", "am", "an",
        "der", "den", "im", "bei", "upon", "on", "en", "y", "i", "u", "and", "of", "the", "van", "von", "al", "el",
    };

    private static readonly HashSet<string> Measures = new(StringComparer.Ordinal)
    {
        "mg", "mcg", "g", "kg", "ml", "l", "mmol", "mmhg", "bpm", "units", "unit", "iu", "tablets", "tablet", "tabs",
        "caps", "capsules", "puffs", "drops", "times", "years", "year", "yrs", "months", "month", "weeks", "week",
        "days", "day", "hours", "hour", "hrs", "minutes", "mins", "min", "seconds", "cm", "mm", "m", "km", "miles",
        "percent", "am", "pm", "h", "x",
    };

    public void Run()
    {
        foreach (var m in MilitaryPattern().EnumerateMatches(claims.Text))
        {
            Extend(m.Index, m.Index + m.Length);
        }

        foreach (var m in CornerPattern().EnumerateMatches(claims.Text))
        {
            Extend(m.Index, m.Index + m.Length);
        }

        for (var m = LabelPattern().Match(claims.Text); m.Success; m = m.NextMatch())
        {
            var g = m.Groups["id"];
            Extend(g.Index, g.Index + g.Length);
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            if (claims.IsTaken(tokens[i].Start))
            {
                continue;
            }

            var end = NumberLed(i) ?? PrefixLed(i) ?? NameThenNumber(i);
            if (end is { } e)
            {
                var start = IntersectionStart(i);
                var last = Extend(tokens[start].Start, tokens[e].End);
                while (i + 1 < tokens.Count && tokens[i + 1].Start < last)
                {
                    i++;
                }
            }
        }
    }

    /// <summary>"12 [34] Words… (Street|foreign-name) [56]".</summary>
    private int? NumberLed(int i)
    {
        if (!IsHouseNumber(i))
        {
            return null;
        }

        var j = i + 1;
        if (IsHouseNumber(j) && SameLine(j))
        {
            j++;
        }

        var streetType = false;
        var foreign = false;
        var words = 0;
        var lastWord = -1;
        while (j < tokens.Count && words < 6 && SameLine(j))
        {
            var t = tokens[j];
            if (t.Kind == TokenKind.Word)
            {
                var lower = t.Lower;
                if (words > 0 && lexicon.UnitWords.Contains(lower) && !lexicon.StreetSuffixes.Contains(lower))
                {
                    break;
                }

                words++;
                lastWord = j;
                streetType |= IsStreetType(lower);
                foreign |= !lexicon.IsEnglish(lower) && !Connectors.Contains(lower);
                j++;
            }
            else if (t.Is('.') && j > i + 1 && tokens[j - 1].Kind == TokenKind.Word && !t.SpaceBefore)
            {
                j++;
            }
            else
            {
                break;
            }
        }

        if (words == 0 || lastWord < 0)
        {
            return null;
        }

        var trailing = IsHouseNumber(lastWord + 1) && SameLine(lastWord + 1) && !IsMeasure(lastWord + 2) ? lastWord + 1 : -1;
        var unitFollows = j < tokens.Count && tokens[j].Kind == TokenKind.Word && lexicon.UnitWords.Contains(tokens[j].Lower);
        if (streetType || (foreign && (trailing >= 0 || unitFollows)))
        {
            if (!streetType && IsMeasureWord(i + 1))
            {
                return null;
            }

            return trailing >= 0 ? trailing : lastWord;
        }

        return null;
    }

    /// <summary>"Rue|Via|ul. Words… 12".</summary>
    private int? PrefixLed(int i)
    {
        var t = tokens[i];
        if (t.Kind != TokenKind.Word || !lexicon.StreetPrefixes.Contains(t.Lower))
        {
            return null;
        }

        var j = i + 1;
        if (j < tokens.Count && tokens[j].Is('.'))
        {
            j++;
        }

        var foreign = false;
        var words = 0;
        while (j < tokens.Count && words < 5 && SameLine(j) && tokens[j].Kind == TokenKind.Word)
        {
            var lower = tokens[j].Lower;
            foreign |= tokens[j].IsCapitalised || !lexicon.IsEnglish(lower);
            words++;
            j++;
        }

        return words > 0 && foreign && IsHouseNumber(j) && SameLine(j) && !IsMeasure(j + 1) ? j : null;
    }

    /// <summary>"Foreignname [Words] 12" (Hauptstrasse 5, Dašická 688): ends at the number.</summary>
    private int? NameThenNumber(int i)
    {
        var t = tokens[i];
        if (t.Kind != TokenKind.Word || !t.IsCapitalised)
        {
            return null;
        }

        var strong = false;
        var j = i;
        while (j < tokens.Count && j - i < 4 && tokens[j].Kind == TokenKind.Word && (j == i || SameLine(j)))
        {
            var lower = tokens[j].Lower;
            if (!tokens[j].IsCapitalised && !Connectors.Contains(lower))
            {
                return null;
            }

            strong |= (tokens[j].IsCapitalised && !lexicon.IsEnglish(lower)) || lexicon.HasStreetEnding(lower) || IsStreetType(lower);
            j++;
        }

        return strong && j > i && IsHouseNumber(j) && SameLine(j) && !IsMeasure(j + 1) && !tokens[j - 1].IsAllCaps ? j : null;
    }

    /// <summary>"Růžena and Király u. 15.": a capitalised word and "and" before the street join it.</summary>
    private int IntersectionStart(int i) =>
        i >= 2 && tokens[i - 1].Lower == "and" && tokens[i - 2].IsCapitalised && SameLine(i - 1) && SameLine(i)
        && !claims.IsTaken(tokens[i - 2].Start)
            ? i - 2
            : i;

    /// <summary>Claims the anchor and what follows it; returns the end of the claimed address.</summary>
    private int Extend(int start, int end)
    {
        var j = tokens.FindIndex(t => t.Start >= end);
        while (j >= 0 && j < tokens.Count)
        {
            var k = j;
            var newlines = 0;
            while (k < tokens.Count && (tokens[k].Is(',') || IsBullet(k)))
            {
                newlines += tokens[k].NewlinesBefore;
                k++;
            }

            if (k >= tokens.Count)
            {
                break;
            }

            newlines += tokens[k].NewlinesBefore;
            if (newlines > 1 || !claims.IsFree(tokens[k].Start, tokens[k].End))
            {
                break;
            }

            var next = Element(k);
            if (next is not { } n)
            {
                break;
            }

            end = tokens[n].End;
            j = n + 1;
        }

        claims.TryAdd(start, end, PhiType.Address);
        return end;
    }

    /// <summary>One element of an address after the street: the index of its last token, or null.</summary>
    private int? Element(int k)
    {
        var t = tokens[k];
        if (k + 1 < tokens.Count && tokens[k + 1].Is(':') && !tokens[k + 1].SpaceBefore)
        {
            return null;
        }

        // Suite 5, Apt. 12, Box 9, #4
        if (t.Kind == TokenKind.Word && lexicon.UnitWords.Contains(t.Lower))
        {
            var j = k + 1;
            while (j < tokens.Count && (tokens[j].Is('.') || tokens[j].Is('#')) && SameLine(j))
            {
                j++;
            }

            return j < tokens.Count && tokens[j].Kind is TokenKind.Number or TokenKind.Alnum && SameLine(j) ? j : null;
        }

        if (t.Is('#') && k + 1 < tokens.Count && tokens[k + 1].Kind == TokenKind.Number)
        {
            return k + 1;
        }

        // Postcodes: 12345, 12345-678, 394 13, 7412 SL, SW1A 1AA
        if (t.Kind == TokenKind.Number && t.Text.Length is >= 4 and <= 6)
        {
            if (k + 2 < tokens.Count && tokens[k + 1].Is('-') && !tokens[k + 1].SpaceBefore && tokens[k + 2].Kind == TokenKind.Number)
            {
                return k + 2;
            }

            if (k + 1 < tokens.Count && SameLine(k + 1) && tokens[k + 1].Kind == TokenKind.Word && tokens[k + 1].Text.Length == 2 && tokens[k + 1].IsAllCaps
                && t.Text.Length == 4 && (k + 2 >= tokens.Count || !SameLine(k + 2) || tokens[k + 2].Kind == TokenKind.Punct))
            {
                return k + 1;
            }

            return k;
        }

        if (t.Kind == TokenKind.Number && t.Text.Length <= 3 && k + 1 < tokens.Count && SameLine(k + 1) && tokens[k + 1].Kind == TokenKind.Number && tokens[k + 1].Text.Length is >= 2 and <= 6)
        {
            return k + 1;
        }

        if (t.Kind == TokenKind.Alnum && UkPostcodePattern().IsMatch(claims.Text.AsSpan(t.Start, Math.Min(8, claims.Text.Length - t.Start))))
        {
            return k + 1 < tokens.Count && SameLine(k + 1) && tokens[k + 1].Kind == TokenKind.Alnum ? k + 1 : k;
        }

        if (t.Kind != TokenKind.Word)
        {
            return null;
        }

        // A region code before a postcode: "CO 70079", "mp 35739".
        if (t.Text.Length <= 3 && k + 1 < tokens.Count && SameLine(k + 1) && tokens[k + 1].Kind == TokenKind.Number && tokens[k + 1].Text.Length is >= 4 and <= 6)
        {
            return k + 1;
        }

        if (t.Text.Length is 2 or 3 && t.IsAllCaps)
        {
            return k;
        }

        return PlaceRun(k);
    }

    /// <summary>A city, region or country: capitalised words, at least one not ordinary English or a known place.</summary>
    private int? PlaceRun(int k)
    {
        var strong = false;
        var last = -1;
        var j = k;
        while (j < tokens.Count && (j == k || SameLine(j)))
        {
            var t = tokens[j];
            if (t.Kind == TokenKind.Word)
            {
                var lower = t.Lower;
                var place = lexicon.Places.Contains(lower);
                if (t.IsCapitalised || place)
                {
                    strong |= place || !lexicon.IsEnglish(lower) || (t.IsAllCaps && t.Text.Length >= 3);
                    last = j;
                    j++;
                    continue;
                }

                if (Connectors.Contains(lower) && last >= 0)
                {
                    j++;
                    continue;
                }

                break;
            }

            if (t.Is('(') && j + 2 < tokens.Count && tokens[j + 1].Kind == TokenKind.Word && last >= 0)
            {
                var close = j + 1;
                while (close < tokens.Count && close - j < 4 && tokens[close].Kind == TokenKind.Word)
                {
                    close++;
                }

                if (close < tokens.Count && tokens[close].Is(')'))
                {
                    last = close;
                    j = close + 1;
                    continue;
                }
            }

            break;
        }

        return strong && last >= 0 ? last : null;
    }

    private bool IsStreetType(string lower) =>
        lexicon.StreetSuffixes.Contains(lower) || lexicon.StreetPrefixes.Contains(lower) || lexicon.HasStreetEnding(lower);

    private bool IsHouseNumber(int j) =>
        j < tokens.Count && tokens[j].Kind == TokenKind.Number && tokens[j].Text.Length <= 6;

    private bool IsMeasure(int j) =>
        j < tokens.Count && SameLine(j) && (tokens[j].Is('%') || (tokens[j].Kind == TokenKind.Word && Measures.Contains(tokens[j].Lower)));

    private bool IsMeasureWord(int j) =>
        j < tokens.Count && tokens[j].Kind == TokenKind.Word && Measures.Contains(tokens[j].Lower);

    private bool SameLine(int j) => j < tokens.Count && tokens[j].NewlinesBefore == 0;

    /// <summary>A list marker at the start of a line (•, -, *, or "???" where a bullet was lost in encoding).</summary>
    private bool IsBullet(int k)
    {
        var t = tokens[k];
        return t.Kind == TokenKind.Punct && t.Text[0] is '•' or '·' or '*' or '?' or '-' && (t.NewlinesBefore > 0 || (k > 0 && tokens[k - 1].Kind == TokenKind.Punct && tokens[k - 1].Text[0] == t.Text[0]));
    }

    [GeneratedRegex(@"\b(?:Unit \d+,? Box \d+|PSC \d+,? Box \d+|(?:USNS|USNV|USS|USCGC) [\p{L}\p{M}'-]+(?: [\p{L}\p{M}'-]+)?)\s*,?\s*(?:APO|FPO|DPO) (?:AA|AE|AP) \d{5}\b", RegexOptions.CultureInvariant)]
    private static partial Regex MilitaryPattern();

    [GeneratedRegex(@"\b(?:the )?corner of [^,.;!?\n]+? and [^,.;!?\n]+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CornerPattern();

    [GeneratedRegex(@"\b(?:home |street |postal |mailing |current |new )?address(?: is)?\s*:[ \t]*\n?[ \t]*(?<id>[^\n]+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture)]
    private static partial Regex LabelPattern();

    [GeneratedRegex(@"^[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex UkPostcodePattern();
}
