namespace MedPortal.Core.Privacy;

/// <summary>
/// Finds people's names among the tokens nothing else claimed. A word is a name word when it is capitalised and not
/// an ordinary English word (or a known drug or eponym), or when it is in the first- or last-name dictionaries and
/// not English; an English word that is also a name (Mark, Grace, Young) counts only beside another name word or
/// after a context word ("Dr", "Mr", "my name is", "named"). Runs of name words, with initials and particles
/// (van, de, al) between them, form one name.
/// </summary>
internal sealed class NameFinder(PhiLexicon lexicon, PhiClaims claims, List<PhiToken> tokens)
{
    private static readonly HashSet<string> Titles = new(StringComparer.Ordinal)
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "professor", "nurse", "sister", "dame", "lady", "lord",
        "rev", "fr", "father", "pastor", "rabbi", "imam", "mister", "madam", "mme", "mlle", "herr", "frau", "sr", "sra",
        "st",
    };

    private static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "van", "von", "de", "der", "den", "da", "di", "del", "della", "du", "le", "la", "bin", "binti", "ibn", "al",
        "el", "dos", "das", "ten", "ter", "mac", "y", "abu", "ben",
    };

    /// <summary>Words after which a capitalised word (or a dictionary name in any case) is taken for a name.</summary>
    private static readonly string[][] Contexts =
    [
        ["name", "is"], ["name", ":"], ["named"], ["called"], ["dear"], ["i'm"], ["i", "am"], ["this", "is"],
        ["patient"], ["pt"], ["signed"], ["regards", ","], ["cc", ":"], ["from", ":"], ["to", ":"], ["seen", "by"],
        ["referred", "by"], ["under"], ["said"], ["ask", "for"], ["wife"], ["husband"], ["son"], ["daughter"],
        ["mother"], ["father"], ["partner"], ["brother"], ["sister"], ["carer"], ["gp"], ["consultant"],
    ];

    private enum Strength
    {
        None,
        Joiner,
        Weak,
        Strong,
    }

    public void Run()
    {
        var i = 0;
        while (i < tokens.Count)
        {
            var context = HasContext(i);
            var strength = Classify(i, context);
            if (strength is not (Strength.Strong or Strength.Weak))
            {
                i++;
                continue;
            }

            var first = i;
            var last = i;
            var strongCount = strength == Strength.Strong ? 1 : 0;
            var weakCount = strength == Strength.Weak ? 1 : 0;
            var j = i + 1;
            while (j < tokens.Count && Joined(j))
            {
                if (IsInitial(j))
                {
                    j += j + 1 < tokens.Count && tokens[j + 1].Is('.') && !tokens[j + 1].SpaceBefore ? 2 : 1;
                    continue;
                }

                var s = Classify(j, context);
                if (s == Strength.Joiner && j + 1 < tokens.Count && Joined(j + 1) && Classify(j + 1, context) is Strength.Strong or Strength.Weak)
                {
                    j++;
                    continue;
                }

                if (s is not (Strength.Strong or Strength.Weak))
                {
                    break;
                }

                strongCount += s == Strength.Strong ? 1 : 0;
                weakCount += s == Strength.Weak ? 1 : 0;
                last = j;
                j++;
            }

            if (strongCount > 0 || weakCount >= 2 || context || Vocative(first, last) || Speaker(first, last))
            {
                var end = tokens[last].End;
                var text = tokens[last].Text;
                if (text.EndsWith("'s", StringComparison.Ordinal) || text.EndsWith("’s", StringComparison.Ordinal))
                {
                    end -= 2;
                }

                claims.TryAdd(tokens[first].Start, end, IsPlace(first, last) ? PhiType.Location : PhiType.Name);
            }

            i = last + 1;
        }
    }

    private Strength Classify(int i, bool context)
    {
        var t = tokens[i];
        if (t.Kind != TokenKind.Word || claims.IsTaken(t.Start))
        {
            return Strength.None;
        }

        var lower = Base(t.Lower);
        if (Particles.Contains(lower))
        {
            return Strength.Joiner;
        }

        if (Titles.Contains(lower))
        {
            return Strength.None;
        }

        var english = lexicon.IsEnglish(lower);
        var dictionary = lexicon.IsPersonName(lower);
        if (t.IsCapitalised)
        {
            if (t.IsAllCaps && t.Text.Length <= 4 && !dictionary)
            {
                return Strength.None;
            }

            if (!english)
            {
                return Strength.Strong;
            }

            return dictionary || context ? Strength.Weak : Strength.None;
        }

        if (dictionary && !english && lower.Length >= 3)
        {
            return Strength.Weak;
        }

        return context && !english ? Strength.Weak : Strength.None;
    }

    private static string Base(string lower) =>
        lower.EndsWith("'s", StringComparison.Ordinal) || lower.EndsWith("’s", StringComparison.Ordinal) ? lower[..^2] : lower;

    private bool Joined(int j) => tokens[j].NewlinesBefore == 0 && tokens[j].SpaceBefore;

    private bool IsInitial(int j)
    {
        var t = tokens[j];
        return t.Kind == TokenKind.Word && t.Text.Length == 1 && char.IsLetter(t.Text[0])
            && j + 1 < tokens.Count && (tokens[j + 1].Is('.') ? j + 2 < tokens.Count && Classify(j + 2, false) is Strength.Strong or Strength.Weak : Classify(j + 1, false) is Strength.Strong or Strength.Weak);
    }

    /// <summary>A title or a context phrase just before token <paramref name="i"/>.</summary>
    private bool HasContext(int i)
    {
        var k = i - 1;
        if (k >= 0 && tokens[k].Is('.'))
        {
            k--;
        }

        if (k >= 0 && tokens[k].Kind == TokenKind.Word && Titles.Contains(tokens[k].Lower) && (tokens[k].IsCapitalised || tokens[k + 1].Is('.') || tokens[i].IsCapitalised))
        {
            return tokens[i].IsCapitalised || lexicon.IsPersonName(tokens[i].Lower);
        }

        foreach (var phrase in Contexts)
        {
            var start = i - phrase.Length;
            if (start < 0)
            {
                continue;
            }

            var match = true;
            for (var p = 0; p < phrase.Length && match; p++)
            {
                var t = tokens[start + p];
                match = t.Kind == TokenKind.Punct ? t.Text == phrase[p] : t.Lower == phrase[p];
            }

            if (match && tokens[i].NewlinesBefore == 0)
            {
                return tokens[i].IsCapitalised || lexicon.IsPersonName(tokens[i].Lower);
            }
        }

        return false;
    }

    /// <summary>"Don't go to town, Mark!": a dictionary first name addressed between a comma and a stop.</summary>
    private bool Vocative(int first, int last) =>
        first > 0 && tokens[first - 1].Is(',') && last + 1 < tokens.Count && tokens[last + 1].Kind == TokenKind.Punct
        && tokens[last + 1].Text[0] is '!' or '?' or '.' && lexicon.FirstNames.Contains(tokens[first].Lower);

    /// <summary>"John: You saved my life!": a dictionary first name opening a line, followed by a colon.</summary>
    private bool Speaker(int first, int last) =>
        (first == 0 || tokens[first].NewlinesBefore > 0) && last + 1 < tokens.Count && tokens[last + 1].Is(':')
        && lexicon.FirstNames.Contains(tokens[first].Lower);

    private bool IsPlace(int first, int last)
    {
        for (var k = first; k <= last; k++)
        {
            var lower = Base(tokens[k].Lower);
            if (tokens[k].Kind == TokenKind.Word && tokens[k].Text.Length > 1 && (!lexicon.Places.Contains(lower) || lexicon.IsPersonName(lower)))
            {
                return false;
            }
        }

        return true;
    }
}
