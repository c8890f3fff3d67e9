namespace MedPortal.Core.Triage.Text;

/// <summary>
/// A compiled phrase from the knowledge files. Syntax, token by token (space separated):
/// <c>word</c> exact; <c>word*</c> prefix; <c>~word</c> exact or one edit away (typos, words of 5+ letters);
/// <c>#</c> any number, <c>#10</c> any number of at least 10; <c>(a|b*|c d)</c> alternatives (an alternative of several words is expanded into separate phrases by
/// <see cref="Expand"/>); a trailing <c>?</c> makes an element optional; <c>..</c> skips up to 3 words, <c>..5</c> up to 5.
/// Apostrophes are ignored ("can't" is written <c>cant</c>). A phrase never spans two sentences.
/// </summary>
internal sealed class PhrasePattern
{
    // A ".." gap never skips a negation: "face isn't swollen" must not read as "face .. swollen". Literal phrase words
    // ("won't stop", "not breathing") are matched by their own elements and are not affected.
    private static readonly HashSet<string> GapStops = new(StringComparer.Ordinal)
    {
        "no", "not", "never", "nor", "without", "isnt", "wasnt", "arent", "werent", "dont", "doesnt", "didnt", "hasnt",
        "havent", "hadnt", "wont", "denies", "denied", "deny", "negative",
    };

    private readonly Element[] _elements;

    private PhrasePattern(string source, Element[] elements)
    {
        Source = source;
        _elements = elements;
    }

    public string Source { get; }

    /// <summary>Keys (first three letters, or the whole word when shorter) under which the pattern is indexed; empty when it must be tried at every word.</summary>
    public IReadOnlyList<string> IndexKeys
    {
        get
        {
            var first = _elements[0];
            if (first.Optional || first.GapMax > 0)
            {
                return [];
            }

            var keys = new List<string>();
            foreach (var atom in first.Atoms)
            {
                if (atom.Kind is AtomKind.Fuzzy or AtomKind.Number || (atom.Kind == AtomKind.Prefix && atom.Text.Length < 3))
                {
                    return [];
                }

                var key = atom.Text.Length >= 3 ? atom.Text[..3] : atom.Text;
                if (atom.Kind == AtomKind.Exact && atom.Text.Length < 3)
                {
                    key = atom.Text;
                }

                if (!keys.Contains(key, StringComparer.Ordinal))
                {
                    keys.Add(key);
                }
            }

            return keys;
        }
    }

    /// <summary>The exact and prefix words of the pattern (folded spelling), for the <see cref="WordLexicon"/>.</summary>
    public IEnumerable<(string Word, bool Prefix)> Words()
    {
        foreach (var element in _elements)
        {
            foreach (var atom in element.Atoms)
            {
                if (atom.Kind is AtomKind.Exact or AtomKind.Fuzzy)
                {
                    yield return (atom.Text, false);
                }
                else if (atom.Kind == AtomKind.Prefix)
                {
                    yield return (atom.Text, true);
                }
            }
        }
    }

    public static string KeyOf(string token) => token.Length >= 3 ? token[..3] : token;

    /// <summary>Expands groups whose alternatives contain spaces: "(has not|hasnt) had" → "has not had", "hasnt had".</summary>
    public static IReadOnlyList<string> Expand(string phrase)
    {
        var results = new List<string>();
        ExpandInto(phrase.Trim(), results);
        return results;
    }

    private static void ExpandInto(string phrase, List<string> results)
    {
        var depth = 0;
        var open = -1;
        for (var i = 0; i < phrase.Length; i++)
        {
            if (phrase[i] == '(')
            {
                if (depth == 0)
                {
                    open = i;
                }

                depth++;
            }
            else if (phrase[i] == ')' && depth > 0 && --depth == 0)
            {
                var inner = phrase[(open + 1)..i];
                if (!inner.Contains(' ', StringComparison.Ordinal) && !inner.Contains('(', StringComparison.Ordinal))
                {
                    continue;
                }

                var optional = i + 1 < phrase.Length && phrase[i + 1] == '?';
                var after = phrase[(i + (optional ? 2 : 1))..];
                var before = phrase[..open];
                var alternatives = SplitTopLevel(inner);
                if (optional)
                {
                    alternatives.Add(string.Empty);
                }

                foreach (var alternative in alternatives)
                {
                    var next = string.Join(' ', new[] { before.Trim(), alternative, after.Trim() }.Where(p => p.Length > 0));
                    ExpandInto(next, results);
                }

                return;
            }
        }

        results.Add(phrase);
    }

    private static List<string> SplitTopLevel(string inner)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '(')
            {
                depth++;
            }
            else if (inner[i] == ')')
            {
                depth--;
            }
            else if (inner[i] == '|' && depth == 0)
            {
                parts.Add(inner[start..i].Trim());
                start = i + 1;
            }
        }

        parts.Add(inner[start..].Trim());
        return parts;
    }

    public static PhrasePattern Parse(string source)
    {
        var parts = source.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0)
        {
            throw new FormatException($"empty phrase pattern '{source}'");
        }

        var elements = new List<Element>(parts.Length);
        foreach (var raw in parts)
        {
            if (raw.StartsWith("..", StringComparison.Ordinal))
            {
                var n = raw.Length == 2 ? 3 : int.Parse(raw.AsSpan(2), System.Globalization.CultureInfo.InvariantCulture);
                if (n is < 1 or > 8)
                {
                    throw new FormatException($"gap out of range in '{source}'");
                }

                elements.Add(new Element([], false, n));
                continue;
            }

            var part = raw;
            var optional = part.EndsWith('?');
            if (optional)
            {
                part = part[..^1];
            }

            string[] alternatives;
            if (part.StartsWith('(') && part.EndsWith(')'))
            {
                alternatives = part[1..^1].Split('|', StringSplitOptions.RemoveEmptyEntries);
            }
            else
            {
                alternatives = [part];
            }

            var atoms = new Atom[alternatives.Length];
            for (var i = 0; i < alternatives.Length; i++)
            {
                atoms[i] = ParseAtom(alternatives[i], source);
            }

            elements.Add(new Element(atoms, optional, 0));
        }

        // An optional group that expanded to nothing can leave a gap at either end; it means nothing there.
        while (elements.Count > 1 && elements[^1].GapMax > 0)
        {
            elements.RemoveAt(elements.Count - 1);
        }

        while (elements.Count > 1 && elements[0].GapMax > 0)
        {
            elements.RemoveAt(0);
        }

        if (elements[0].GapMax > 0 || elements[^1].GapMax > 0 || elements[^1].Optional && elements.Count == 1)
        {
            throw new FormatException($"phrase pattern '{source}' must start and end with a word");
        }

        if (elements[0].Optional && elements.Count > 1 && elements[1].GapMax > 0)
        {
            throw new FormatException($"phrase pattern '{source}' starts with an optional word followed by a gap, so it matches almost anything");
        }

        if (elements.TrueForAll(e => e.Optional || e.GapMax > 0))
        {
            throw new FormatException($"phrase pattern '{source}' has no required word");
        }

        return new PhrasePattern(source, [.. elements]);
    }

    private static Atom ParseAtom(string text, string source)
    {
        var t = text.Replace("'", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        var kind = AtomKind.Exact;
        if (t.StartsWith('#'))
        {
            // "#" is any number; "#10" is any number of at least 10.
            var min = t.Length == 1 ? 0 : double.Parse(t.AsSpan(1), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
            return new Atom(t, AtomKind.Number, min);
        }

        if (t.StartsWith('~'))
        {
            kind = AtomKind.Fuzzy;
            t = t[1..];
        }
        else if (t.EndsWith('*'))
        {
            kind = AtomKind.Prefix;
            t = t[..^1];
        }

        if (t.Length == 0 || !t.All(char.IsLetterOrDigit) && !t.All(ch => char.IsLetterOrDigit(ch) || ch == '.'))
        {
            throw new FormatException($"bad word '{text}' in phrase pattern '{source}'");
        }

        // Tokens are folded to one spelling ("haem" → "hem"), so phrase words are too: either spelling matches either.
        t = TextNormalizer.FoldSpelling(t);

        return new Atom(t, kind);
    }

    /// <summary>Tries to match at <paramref name="start"/>; returns the end token index (exclusive) or -1.</summary>
    public int MatchAt(Token[] tokens, int start)
    {
        if (start >= tokens.Length)
        {
            return -1;
        }

        return Match(tokens, 0, start, tokens[start].Sentence, start);
    }

    private int Match(Token[] tokens, int elementIndex, int tokenIndex, int sentence, int lastConsumedEnd)
    {
        if (elementIndex == _elements.Length)
        {
            return lastConsumedEnd;
        }

        var element = _elements[elementIndex];
        if (element.GapMax > 0)
        {
            for (var skip = 0; skip <= element.GapMax; skip++)
            {
                var at = tokenIndex + skip;
                if (at >= tokens.Length || tokens[at].Sentence != sentence || skip > 0 && GapStops.Contains(tokens[at - 1].Text))
                {
                    break;
                }

                var end = Match(tokens, elementIndex + 1, at, sentence, lastConsumedEnd);
                if (end >= 0)
                {
                    return end;
                }
            }

            return -1;
        }

        if (tokenIndex < tokens.Length && tokens[tokenIndex].Sentence == sentence && element.Accepts(tokens[tokenIndex].Text))
        {
            var end = Match(tokens, elementIndex + 1, tokenIndex + 1, sentence, tokenIndex + 1);
            if (end >= 0)
            {
                return end;
            }
        }

        if (element.Optional)
        {
            return Match(tokens, elementIndex + 1, tokenIndex, sentence, lastConsumedEnd);
        }

        return -1;
    }

    private enum AtomKind
    {
        Exact,
        Prefix,
        Fuzzy,
        Number,
    }

    private readonly record struct Atom(string Text, AtomKind Kind, double Min = 0)
    {
        public bool Accepts(string token) => Kind switch
        {
            AtomKind.Exact => string.Equals(token, Text, StringComparison.Ordinal),
            AtomKind.Prefix => token.StartsWith(Text, StringComparison.Ordinal),
            AtomKind.Fuzzy => string.Equals(token, Text, StringComparison.Ordinal) || (Text.Length >= 5 && token.Length >= 4 && WithinOneEdit(token, Text)),
            AtomKind.Number => token.Length > 0 && char.IsAsciiDigit(token[0]) && double.TryParse(token, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= Min,
            _ => false,
        };
    }

    private sealed record Element(Atom[] Atoms, bool Optional, int GapMax)
    {
        public bool Accepts(string token)
        {
            foreach (var atom in Atoms)
            {
                if (atom.Accepts(token))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> differ by at most one insertion, deletion, substitution or swap of neighbours.</summary>
    internal static bool WithinOneEdit(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }

        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        if (i == a.Length && i == b.Length)
        {
            return true;
        }

        if (a.Length == b.Length)
        {
            // substitution, or a swap of two neighbours
            if (a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i + 1)))
            {
                return true;
            }

            return i + 1 < a.Length && a[i] == b[i + 1] && a[i + 1] == b[i] && a.AsSpan(i + 2).SequenceEqual(b.AsSpan(i + 2));
        }

        return a.Length > b.Length ? a.AsSpan(i + 1).SequenceEqual(b.AsSpan(i)) : a.AsSpan(i).SequenceEqual(b.AsSpan(i + 1));
    }
}
