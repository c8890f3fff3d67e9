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
    // Without capitals, a lower-case word may start a street ("hegyalja út 98").
    private readonly bool caseless = !claims.Text.Any(char.IsUpper);

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
        foreach (var m in CornerPattern().EnumerateMatches(claims.Text))
        {
            Extend(m.Index, m.Index + m.Length);
        }

        foreach (var pattern in new[] { MilitaryPattern(), PostBoxPattern() })
        {
            foreach (var m in pattern.EnumerateMatches(claims.Text))
            {
                var start = m.Index;
                var before = tokens.FindLastIndex(t => t.End <= start);
                if (before >= 0 && IsHouseNumber(before) && tokens[before + 1].NewlinesBefore == 0)
                {
                    start = tokens[before].Start;
                }

                Extend(start, m.Index + m.Length);
            }
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

        var words = new List<int>();
        var streetAt = -1;
        while (j < tokens.Count && words.Count < 6 && SameLine(j))
        {
            var t = tokens[j];
            if (t.Kind == TokenKind.Word)
            {
                var lower = t.Lower;
                if (words.Count > 0 && lexicon.UnitWords.Contains(lower) && !lexicon.StreetSuffixes.Contains(lower))
                {
                    break;
                }

                words.Add(j);
                if (IsStreetType(lower))
                {
                    streetAt = j;
                    // A street type written after the name ends the street name.
                    if (words.Count > 1 && lexicon.StreetSuffixes.Contains(lower) && !lexicon.StreetPrefixes.Contains(lower))
                    {
                        break;
                    }
                }

                j++;
            }
            else if (t.Is('.') && !t.SpaceBefore && tokens[j - 1].Kind == TokenKind.Word)
            {
                j++;
            }
            else
            {
                break;
            }
        }

        // Ordinary lower-case words end the street unless a street type is still to come ("fourth avenue").
        var cut = words.Count;
        for (var w = 0; w < words.Count; w++)
        {
            var t = tokens[words[w]];
            var namedAfterPrefix = streetAt == words[0] && lexicon.StreetPrefixes.Contains(tokens[streetAt].Lower);
            if (!t.IsCapitalised && t.Text.Length > 1 && lexicon.IsEnglish(t.Lower) && !Connectors.Contains(t.Lower) && !IsStreetType(t.Lower) && (streetAt < 0 || words[w] > streetAt) && !namedAfterPrefix)
            {
                cut = w;
                break;
            }
        }

        if (cut == 0)
        {
            return null;
        }

        words.RemoveRange(cut, words.Count - cut);
        var lastWord = words[^1];
        var streetType = streetAt >= 0 && streetAt <= lastWord;
        var foreign = words.Any(w => !lexicon.IsEnglish(tokens[w].Lower) && !Connectors.Contains(tokens[w].Lower));
        var after = lastWord + 1 < tokens.Count && tokens[lastWord + 1].Is('.') && !tokens[lastWord + 1].SpaceBefore ? lastWord + 2 : lastWord + 1;
        var trailing = IsHouseNumber(after) && SameLine(after) && !IsMeasure(after + 1) ? after : -1;
        var unitFollows = lastWord + 1 < tokens.Count && tokens[lastWord + 1].Kind == TokenKind.Word && lexicon.UnitWords.Contains(tokens[lastWord + 1].Lower);
        if ((streetType || (foreign && (trailing >= 0 || unitFollows))) && !IsMeasureWord(i + 1))
        {
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
        if (t.Kind != TokenKind.Word || (lexicon.IsEnglish(t.Lower) && !IsStreetType(t.Lower)))
        {
            return null;
        }

        var strong = false;
        var lowerCase = false;
        var streetType = false;
        var j = i;
        while (j < tokens.Count && j - i < 4 && tokens[j].Kind == TokenKind.Word && (j == i || SameLine(j)))
        {
            var lower = tokens[j].Lower;
            if (!tokens[j].IsCapitalised && !Connectors.Contains(lower))
            {
                // Mixed case ("Sandra lives on Hansinegata 120", "wohnhaft Lindenstraße 14"): the street starts later, at its own capital.
                if (t.IsCapitalised || !caseless)
                {
                    return null;
                }

                lowerCase = true;
            }

            streetType |= IsStreetType(lower);
            strong |= (tokens[j].IsCapitalised && !lexicon.IsEnglish(lower)) || lexicon.HasStreetEnding(lower);
            j++;
            if (j < tokens.Count && tokens[j].Is('.') && !tokens[j].SpaceBefore && IsStreetType(lower))
            {
                j++;
                break;
            }
        }

        // "hegyalja út 98": in lower case a street type and a word that is not English are needed.
        if (lowerCase && !(streetType && Enumerable.Range(i, j - i).Any(k => tokens[k].Kind == TokenKind.Word && !lexicon.IsEnglish(tokens[k].Lower) && !IsStreetType(tokens[k].Lower))))
        {
            return null;
        }

        strong |= streetType;
        // The number must follow a street word ("Nowak on 0113 496 0721" is a name and a phone number).
        var number = IsHouseNumber(j) && SameLine(j) && !IsMeasure(j + 1) && !tokens[j - 1].IsAllCaps
            && !Connectors.Contains(tokens[j - 1].Lower) && !(j + 1 < tokens.Count && SameLine(j + 1) && tokens[j + 1].Kind == TokenKind.Number);
        return strong && j > i && number ? j : null;
    }

    /// <summary>"Růžena and Király u. 15.": a capitalised word and "and" before the street join it; so does a unit ("Flat 4, 18 Harcourt Road").</summary>
    private int IntersectionStart(int i)
    {
        if (i >= 2 && tokens[i - 1].Lower == "and" && tokens[i - 2].IsCapitalised && SameLine(i - 1) && SameLine(i)
            && !claims.IsTaken(tokens[i - 2].Start))
        {
            return i - 2;
        }

        var k = i - 1;
        if (k >= 0 && tokens[k].Is(',') && SameLine(i))
        {
            k--;
        }

        if (k >= 1 && tokens[k].Kind is TokenKind.Number or TokenKind.Alnum && SameLine(k) && !claims.IsTaken(tokens[k].Start))
        {
            var unit = k - 1;
            if (unit >= 1 && (tokens[unit].Is('.') || tokens[unit].Is('#')))
            {
                unit--;
            }

            if (tokens[unit].Kind == TokenKind.Word && lexicon.UnitWords.Contains(tokens[unit].Lower) && !claims.IsTaken(tokens[unit].Start))
            {
                return unit;
            }
        }

        return i;
    }

    /// <summary>Claims the anchor and what follows it; returns the end of the claimed address.</summary>
    private int Extend(int start, int end)
    {
        var j = tokens.FindIndex(t => t.Start >= end);
        while (j >= 0 && j < tokens.Count)
        {
            var k = j;
            var newlines = 0;
            var bullet = false;
            while (k < tokens.Count && (tokens[k].Is(',') || (tokens[k].Is('.') && !tokens[k].SpaceBefore && k == j && k + 1 < tokens.Count && (tokens[k + 1].NewlinesBefore > 0 || lexicon.UnitWords.Contains(tokens[k + 1].Lower))) || IsBullet(k)))
            {
                newlines += tokens[k].NewlinesBefore;
                bullet |= IsBullet(k);
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

            if (bullet)
            {
                // A bulleted list holds one part of the address a line: each line is its own span.
                claims.TryAdd(start, end, PhiType.Address);
                start = tokens[k].Start;
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

        // A region code before a postcode: "CO 70079", "mp 35739"; or alone ("nan", "NI").
        var code = t.Text.Length <= 3 && (t.IsAllCaps || !lexicon.IsEnglish(t.Lower));
        if (code && k + 1 < tokens.Count && SameLine(k + 1) && tokens[k + 1].Kind == TokenKind.Number && tokens[k + 1].Text.Length is >= 4 and <= 6)
        {
            return k + 1;
        }

        if (code && t.Text.Length is 2 or 3 && (t.IsAllCaps || !t.IsCapitalised))
        {
            return k;
        }

        // A short code alone between line breaks or commas (", fa\n") is a region whatever the dictionary says.
        var alone = (t.NewlinesBefore > 0 || (k > 0 && tokens[k - 1].Is(','))) && (k + 1 >= tokens.Count || tokens[k + 1].NewlinesBefore > 0 || tokens[k + 1].Is(','));
        if (alone && t.Text.Length is 2 or 3 && (t.IsAllCaps || !t.IsCapitalised))
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
                var english = lexicon.IsEnglish(lower);
                var place = lexicon.Places.Contains(lower) && (t.IsCapitalised || !english);
                if (t.IsCapitalised || place || (!english && !Connectors.Contains(lower)))
                {
                    strong |= place || !english || (t.IsAllCaps && t.Text.Length >= 3);
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

        // "Sludevej 13 St. the first…": a lone "St" after a street is the street's type, not a saint's town.
        if (last == k && tokens[k].Lower is "st" or "str")
        {
            return null;
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

    [GeneratedRegex(@"\b(?:Unit \d+,? Box \d+|PSC \d+,? Box \d+|(?:USNS|USNV|USS|USCGC) [\p{L}\p{M}'-]+(?: [\p{L}\p{M}'-]+)?)\s*,?\s*(?:APO|FPO|DPO) (?:AA|AE|AP) \d{5}\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex MilitaryPattern();

    [GeneratedRegex(@"\b(?:P\.? ?O\.? ?Box|Post(?:al)? Office Box|Postbox|Postfach|Apartado)\s*\d+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PostBoxPattern();

    [GeneratedRegex(@"\b(?:the )?corner of (?:[^,.;!?\n]|\.(?= \w))+? and (?:[^,.;!?\n]|\.(?= \w))+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CornerPattern();

    [GeneratedRegex(@"\b(?:home |street |postal |mailing |current |new )?address(?: is)?\s*:[ \t]*\n?[ \t]*(?<id>[^\n]+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture)]
    private static partial Regex LabelPattern();

    [GeneratedRegex(@"^[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex UkPostcodePattern();
}
