namespace MedPortal.Core.Privacy;

/// <summary>
/// Finds people's names among the tokens nothing else claimed. A word is a name word when it is capitalised and not
/// an ordinary English word (or a known drug or eponym), or when it is in the first- or last-name dictionaries and
/// not English (in text written wholly in lower case, any word that is not English). An English word that is also a
/// name (Mark, Grace, Young) counts only beside another name word or after a context word ("Dr", "Mr", "my name
/// is", "named"). Runs of name words, with initials and particles (van, de, al) between them, form one name; a list
/// ("Monjeau, Graves and Reed") that starts with a name continues with its capitalised words.
/// </summary>
internal sealed class NameFinder
{
    private static readonly HashSet<string> Titles = new(StringComparer.Ordinal)
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "professor", "nurse", "sister", "dame", "lady", "lord",
        "rev", "fr", "father", "pastor", "rabbi", "imam", "mister", "madam", "mme", "mlle", "herr", "herrn", "frau", "sr", "sra",
    };

    private static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "van", "von", "de", "der", "den", "da", "di", "del", "della", "du", "le", "la", "bin", "binti", "ibn", "al",
        "el", "dos", "das", "ten", "ter", "mac", "y", "abu", "ben",
    };

    /// <summary>English words that are also in a name list but never stand for a name on their own.</summary>
    private static readonly HashSet<string> NeverNames = new(StringComparer.Ordinal)
    {
        "the", "and", "can", "will", "may", "in", "on", "at", "for", "but", "not", "all", "see", "say", "said", "she",
        "her", "his", "him", "you", "your", "our", "who", "what", "when", "where", "why", "how", "this", "that",
        "there", "here", "then", "than", "with", "from", "into", "over", "under", "about", "after", "before", "also",
        "just", "only", "very", "much", "more", "most", "some", "any", "each", "every", "one", "two", "three", "new",
        "old", "good", "great", "best", "dear", "date", "name", "phone", "address", "mobile", "desk", "home", "work",
        "office", "street", "road", "city", "patient", "doctor", "nurse", "royal", "princess", "sir", "madam", "lady", "lord", "bot", "user", "sunday", "day", "morning", "evening", "night",
        "son", "daughter", "wife", "husband", "mother", "father", "brother", "sister", "baby", "carer", "mum", "dad",
    };

    /// <summary>Words after which a capitalised word (or a dictionary name in any case) is taken for a name.</summary>
    private static readonly string[][] Contexts =
    [
        ["name", "is"], ["name", ":"], ["named"], ["called"], ["named", "him"], ["named", "her"], ["called", "him"],
        ["called", "her"], ["calls", "me"], ["dear"], ["i'm"], ["i", "am"], ["this", "is"], ["patient"], ["pt"],
        ["signed"], ["regards", ","], ["cc", ":"], ["from", ":"], ["to", ":"], ["seen", "by"], ["referred", "by"],
        ["under"], ["said"], ["ask", "for"], ["wife"], ["husband"], ["son"], ["daughter"], ["mother"], ["father"],
        ["partner"], ["brother"], ["sister"], ["carer"], ["gp"], ["consultant"], ["starring"], ["directed", "by"],
        ["written", "by"], ["sung", "by"], ["founders", ":"],
    ];

    /// <summary>Contexts that name a person outright: after these even an ordinary word ("Will", "Grace") is a name.</summary>
    private static readonly HashSet<string> OutrightContexts = new(StringComparer.Ordinal) { "name", "named", "called", "calls", "dear", "i'm", "i" };

    private readonly PhiLexicon lexicon;
    private readonly PhiClaims claims;
    private readonly List<PhiToken> tokens;
    private readonly bool caseless;

    public NameFinder(PhiLexicon lexicon, PhiClaims claims, List<PhiToken> tokens)
    {
        this.lexicon = lexicon;
        this.claims = claims;
        this.tokens = tokens;
        // Without capitals the capitalisation rules say nothing: a word that is not English is then the evidence.
        caseless = !claims.Text.Any(char.IsUpper);
    }

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
            var weak = strength == Strength.Weak ? new List<int> { i } : [];
            var j = i + 1;
            while (j < tokens.Count && Joined(j) && !IsPossessive(tokens[last]))
            {
                if (IsInitial(j))
                {
                    j += j + 1 < tokens.Count && tokens[j + 1].Is('.') && !tokens[j + 1].SpaceBefore ? 2 : 1;
                    continue;
                }

                var s = Classify(j, context);
                if (s == Strength.Joiner)
                {
                    var k = j;
                    while (k < tokens.Count && Joined(k) && Classify(k, context) == Strength.Joiner)
                    {
                        k++;
                    }

                    if (k < tokens.Count && Joined(k) && Classify(k, context) is Strength.Strong or Strength.Weak)
                    {
                        j = k;
                        continue;
                    }

                    break;
                }

                if (s is not (Strength.Strong or Strength.Weak) && !Surname(j, last))
                {
                    break;
                }

                strongCount += s == Strength.Strong ? 1 : 0;
                if (s != Strength.Strong)
                {
                    weak.Add(j);
                }

                last = j;
                j++;
            }

            var pair = weak.Count >= 2 && lexicon.FirstNames.Contains(Base(tokens[weak[0]].Lower)) && lexicon.LastNames.Contains(Base(tokens[weak[^1]].Lower));
            if (strongCount > 0 || pair || context || Vocative(first, last) || Speaker(first, last))
            {
                Claim(first, last);
                last = Coordinated(last);
            }

            i = last + 1;
        }
    }

    private void Claim(int first, int last)
    {
        // "Dr K. Lindqvist": initials just before the name belong to it.
        while (first >= 1 && Joined(first))
        {
            var k = first - 1;
            if (tokens[k].Is('.') && !tokens[k].SpaceBefore && k >= 1)
            {
                k--;
            }

            var t = tokens[k];
            if (t.Kind != TokenKind.Word || t.Text.Length != 1 || !char.IsUpper(t.Text[0]) || claims.IsTaken(t.Start) || (k != first - 1 && !Joined(k + 1) && !tokens[k + 1].Is('.')))
            {
                break;
            }

            if (k > 0 && tokens[k].NewlinesBefore == 0 && tokens[k - 1].Is('.') && (k < 2 || tokens[k - 2].Text.Length > 1))
            {
                // "… ended. I Smith": a sentence's first word, not an initial.
                break;
            }

            first = k;
        }

        var end = tokens[last].End;
        if (IsPossessive(tokens[last]))
        {
            end -= 2;
        }

        claims.TryAdd(tokens[first].Start, end, IsPlace(first, last) ? PhiType.Location : PhiType.Name);
    }

    /// <summary>After a name, ", Graves and Reed": capitalised words listed with it are names too (ordinary words only in a list closed by "and"/"or").</summary>
    private int Coordinated(int last)
    {
        var items = new List<(int First, int Last)>();
        var closed = false;
        var j = last + 1;
        while (!closed && j + 1 < tokens.Count && tokens[j].NewlinesBefore == 0
            && (tokens[j].Is(',') || tokens[j].Lower is "and" or "or" or "&"))
        {
            var k = j + 1;
            closed = tokens[j].Lower is "and" or "or" or "&";
            if (tokens[j].Is(',') && k < tokens.Count && tokens[k].Lower is "and" or "or")
            {
                closed = true;
                k++;
            }

            if (k >= tokens.Count || tokens[k].NewlinesBefore > 0 || !tokens[k].IsCapitalised || tokens[k].IsAllCaps || tokens[k].Text.Length < 2
                || NeverNames.Contains(tokens[k].Lower) || claims.IsTaken(tokens[k].Start) || lexicon.Places.Contains(tokens[k].Lower))
            {
                break;
            }

            var end = k;
            while (end + 1 < tokens.Count && Joined(end + 1) && tokens[end + 1].IsCapitalised && !lexicon.IsEnglish(tokens[end + 1].Lower) && !IsPossessive(tokens[end]))
            {
                end++;
            }

            items.Add((k, end));
            j = end + 1;
        }

        foreach (var (first, end) in items)
        {
            if (closed || !lexicon.IsEnglish(Base(tokens[first].Lower)))
            {
                Claim(first, end);
                last = end;
            }
        }

        return last;
    }

    private Strength Classify(int i, bool context)
    {
        var t = tokens[i];
        if (t.Kind != TokenKind.Word || claims.IsTaken(t.Start) || t.Text.Length < 2)
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
            // Short capitals are abbreviations (DOB, VIN, ATM), whatever the name lists say.
            if (t.IsAllCaps && t.Text.Length <= 4)
            {
                return context ? Strength.Weak : Strength.None;
            }

            if (!english)
            {
                return Strength.Strong;
            }

            return (dictionary && !NeverNames.Contains(lower) && lower.Length >= 3) || context ? Strength.Weak : Strength.None;
        }

        if (!english && lower.Length >= 3 && (caseless || dictionary))
        {
            return caseless ? Strength.Strong : Strength.Weak;
        }

        return context && !english ? Strength.Weak : Strength.None;
    }

    /// <summary>"Brad L Key", "Jildau S Bouts": a capitalised English word after a first name (and an initial) is a surname.</summary>
    private bool Surname(int j, int last)
    {
        var t = tokens[j];
        if (!t.IsCapitalised || t.IsAllCaps || claims.IsTaken(t.Start) || NeverNames.Contains(t.Lower) || t.Text.Length < 3)
        {
            return false;
        }

        var previous = tokens[j - 1];
        var afterInitial = previous.Kind == TokenKind.Word && previous.Text.Length == 1
            || (previous.Is('.') && j >= 2 && tokens[j - 2].Text.Length == 1);
        return afterInitial || lexicon.FirstNames.Contains(Base(tokens[last].Lower)) && !lexicon.IsEnglish(Base(tokens[last].Lower));
    }

    private static bool IsPossessive(PhiToken t) =>
        t.Text.EndsWith("'s", StringComparison.Ordinal) || t.Text.EndsWith("’s", StringComparison.Ordinal);

    private static string Base(string lower) =>
        lower.EndsWith("'s", StringComparison.Ordinal) || lower.EndsWith("’s", StringComparison.Ordinal) ? lower[..^2] : lower;

    private bool Joined(int j) => tokens[j].NewlinesBefore == 0 && tokens[j].SpaceBefore;

    private bool IsInitial(int j)
    {
        var t = tokens[j];
        if (t.Kind != TokenKind.Word || t.Text.Length != 1 || !char.IsLetter(t.Text[0]) || (!char.IsUpper(t.Text[0]) && !caseless))
        {
            return false;
        }

        var next = j + 1 < tokens.Count && tokens[j + 1].Is('.') ? j + 2 : j + 1;
        return next < tokens.Count && tokens[next].NewlinesBefore == 0
            && (Classify(next, false) is Strength.Strong or Strength.Weak || (tokens[next].IsCapitalised && !NeverNames.Contains(tokens[next].Lower)));
    }

    /// <summary>A title or a context phrase just before token <paramref name="i"/>.</summary>
    private bool HasContext(int i)
    {
        if (tokens[i].Kind != TokenKind.Word || tokens[i].NewlinesBefore > 0)
        {
            return false;
        }

        var candidate = tokens[i].IsCapitalised || lexicon.IsPersonName(Base(tokens[i].Lower)) || (caseless && !lexicon.IsEnglish(tokens[i].Lower));
        if (!candidate || (tokens[i].IsAllCaps && tokens[i].Text.Length <= 4))
        {
            return false;
        }

        var k = i - 1;
        if (k >= 0 && tokens[k].Is('.'))
        {
            k--;
        }

        if (k >= 0 && tokens[k].Kind == TokenKind.Word && Titles.Contains(tokens[k].Lower))
        {
            return true;
        }

        var ordinary = NeverNames.Contains(tokens[i].Lower);

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

            if (match && (!ordinary || OutrightContexts.Contains(phrase[0])))
            {
                return true;
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
        var words = 0;
        for (var k = first; k <= last; k++)
        {
            var lower = Base(tokens[k].Lower);
            if (tokens[k].Kind == TokenKind.Word && tokens[k].Text.Length > 1)
            {
                words++;
                if (!lexicon.Places.Contains(lower) || lexicon.IsPersonName(lower))
                {
                    return false;
                }
            }
        }

        return words > 0;
    }
}
