using System.Globalization;
using System.Text;

namespace MedPortal.Core.Triage.Text;

/// <summary>
/// A message after <see cref="TextNormalizer.Normalize"/>, with a map from every normalised character back to the
/// original characters it came from, so evidence spans can quote the message exactly as the patient wrote it.
/// </summary>
internal sealed class NormalizedText
{
    private readonly int[]? _sourceStart;
    private readonly int[]? _sourceEnd;

    public NormalizedText(string original, string text, int[]? sourceStart, int[]? sourceEnd)
    {
        Original = original;
        Text = text;
        _sourceStart = sourceStart;
        _sourceEnd = sourceEnd;
    }

    /// <summary>The message as written.</summary>
    public string Original { get; }

    /// <summary>The text the tokenizer and the measurement patterns read.</summary>
    public string Text { get; }

    /// <summary>Source offset of the first original character behind normalised offset <paramref name="index"/>.</summary>
    public int ToSourceStart(int index) =>
        _sourceStart is null ? index : index >= Text.Length ? Original.Length : _sourceStart[index];

    /// <summary>Source offset just past the original characters behind normalised characters [0, <paramref name="end"/>).</summary>
    public int ToSourceEnd(int end) =>
        _sourceEnd is null ? end : end <= 0 ? 0 : _sourceEnd[Math.Min(end, Text.Length) - 1];

    /// <summary>An evidence span over normalised characters [start, start + length), quoting the original text.</summary>
    public EvidenceSpan Span(int messageIndex, int start, int length)
    {
        var from = ToSourceStart(start);
        var to = Math.Max(from, ToSourceEnd(start + length));
        return new EvidenceSpan(messageIndex, from, to - from, Original.Substring(from, to - from));
    }
}

/// <summary>Words the knowledge files use, to decide whether an invisible character inside a word joined or separated two words.</summary>
internal sealed class WordLexicon
{
    private readonly HashSet<string> _words = new(StringComparer.Ordinal);
    private readonly HashSet<string> _prefixes = new(StringComparer.Ordinal);

    public void Add(string word, bool prefix)
    {
        if (word.Length == 0 || !word.All(char.IsLetter))
        {
            return;
        }

        (prefix ? _prefixes : _words).Add(word);
    }

    public bool IsWord(string word) => _words.Contains(word);

    /// <summary>A word of the knowledge, or a prefix phrase word plus a short ending that is not itself a word ("vomit*" + "ing").</summary>
    public bool IsWordOrInflection(string word)
    {
        if (_words.Contains(word))
        {
            return true;
        }

        for (var cut = Math.Max(4, word.Length - 4); cut <= word.Length; cut++)
        {
            if (_prefixes.Contains(word[..cut]) && (cut == word.Length || !_words.Contains(word[cut..])))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// Cleans a message before tokenising, in one linear pass plus a second only where invisible characters sat inside words:
/// drops format characters (soft hyphen, zero-width space/joiners, word joiner, BOM, bidi marks), folds look-alikes
/// (full-width forms, ligatures, Cyrillic/Greek letters inside Latin words, Unicode spaces, dashes, quotes, bullets,
/// degree signs), and joins lines that a letter or PDF wrapped in the middle of a sentence. British spellings are folded
/// per word by <see cref="FoldSpelling"/> (on tokens and on phrase words alike).
/// </summary>
/// <remarks>
/// Line-break rule. A single line break is read as a space (the sentence goes on) only when all of these hold:
/// the line before has text and does not end with <c>. ! ? : ;</c> or a bullet; the next line starts with a lower-case
/// letter; and the line before looks wrapped rather than like a short list item: at least four words, or it ends with a
/// comma, a hyphen or a word that cannot end a clause ("and", "of", "the" …). A line ending in a hyphen joins the next
/// line's word ("ab-\ndominal" → "abdominal"; "non-\ntender" keeps its hyphen). Everything else stays a boundary: a blank
/// line, a line that ends a sentence, a next line starting with a capital, digit or bullet, and short unpunctuated lines
/// such as "no fever\nchest pain", where joining would let the negation of one list item reach the next (under-triage).
/// Text appended on a new line after a finished sentence is therefore never joined, which keeps the monotonicity guarantee.
/// </remarks>
internal static class TextNormalizer
{
    private const char Marker = '\u0001';

    private static readonly string[] ClauseContinuations =
    [
        "and", "or", "nor", "of", "with", "without", "the", "a", "an", "to", "in", "on", "for", "from", "my", "his", "her",
        "their", "our", "your", "at", "by", "no", "not", "denies", "very", "some", "any", "into", "onto", "over", "under",
        "after", "before", "than", "as", "is", "was", "are", "were", "has", "have", "had", "been", "be", "also", "both",
    ];

    private static readonly string[] HyphenKeepers =
    [
        "non", "self", "well", "ill", "pre", "post", "anti", "ex", "half", "semi", "short", "long", "left", "right", "mid",
        "co", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "x",
    ];

    // Prefix folds apply at the start of a word, infix folds anywhere in it; all go British → American, the same way
    // for patient words and knowledge phrases, so a phrase written in either spelling matches text in either.
    private static readonly (string From, string To)[] PrefixFolds =
    [
        ("oedem", "edem"), ("oesoph", "esoph"), ("oestr", "estr"), ("foet", "fet"), ("coeli", "celi"), ("faec", "fec"),
        ("caesar", "cesar"),
    ];

    private static readonly (string From, string To)[] InfixFolds =
    [
        ("haem", "hem"), ("aemi", "emi"), ("anaesth", "anesth"), ("paed", "ped"), ("gynaec", "gynec"), ("pnoe", "pne"),
        ("rhoe", "rhe"), ("oedem", "edem"), ("tumour", "tumor"), ("colour", "color"), ("behaviour", "behavior"),
        ("labour", "labor"), ("odour", "odor"),
    ];

    /// <summary>Normalises one message; never throws; linear in its length.</summary>
    public static NormalizedText Normalize(string text, WordLexicon? lexicon = null)
    {
        if (IsPlain(text))
        {
            return new NormalizedText(text, text, null, null);
        }

        var w = new Writer(text.Length);
        var runEnd = 0;
        var runHasLatin = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '\n' or '\r' or '\u2028' or '\u0085')
            {
                i = LineBreak(text, i, w);
                continue;
            }

            int cp = c;
            var len = 1;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cp = char.ConvertToUtf32(c, text[i + 1]);
                len = 2;
            }

            if (cp < 0x80)
            {
                w.Emit(cp is < 0x20 and not '\t' or 0x7F ? ' ' : c, i, i + 1);
                i++;
                continue;
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(cp);
            if (category == UnicodeCategory.Format)
            {
                // Inside a word the invisible character either splits two words or nothing; decided once the words are known.
                if (w.Length > 0 && char.IsLetter(w.Last) && NextVisibleIsLetter(text, i + len))
                {
                    w.Emit(Marker, i, i + len);
                }

                i += len;
                continue;
            }

            if (i >= runEnd && char.IsLetter(text, i))
            {
                (runEnd, runHasLatin) = ScanRun(text, i);
            }

            var folded = Fold(cp, category, runHasLatin && i < runEnd);
            if (folded is null)
            {
                w.Emit(c, i, i + 1);
                if (len == 2)
                {
                    w.Emit(text[i + 1], i + 1, i + 2);
                }
            }
            else
            {
                foreach (var ch in folded)
                {
                    w.Emit(ch, i, i + len);
                }
            }

            i += len;
        }

        return w.HasMarkers ? ResolveMarkers(text, w, lexicon) : w.ToNormalized(text);
    }

    /// <summary>British → American spelling of one lower-case word ("haemorrhage" → "hemorrhage"); the word itself when nothing applies.</summary>
    public static string FoldSpelling(string word)
    {
        if (word.Length < 4 || !(word.Contains("ae", StringComparison.Ordinal) || word.Contains("oe", StringComparison.Ordinal) || word.Contains("our", StringComparison.Ordinal)))
        {
            return word;
        }

        foreach (var (from, to) in PrefixFolds)
        {
            if (word.StartsWith(from, StringComparison.Ordinal))
            {
                word = string.Concat(to, word.AsSpan(from.Length));
            }
        }

        foreach (var (from, to) in InfixFolds)
        {
            if (word.Contains(from, StringComparison.Ordinal))
            {
                word = word.Replace(from, to, StringComparison.Ordinal);
            }
        }

        return word;
    }

    private static bool IsPlain(string text)
    {
        foreach (var c in text)
        {
            if (c is < ' ' and not '\t' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    private static bool NextVisibleIsLetter(string text, int i)
    {
        while (i < text.Length && CharUnicodeInfo.GetUnicodeCategory(text, i) == UnicodeCategory.Format)
        {
            i += char.IsSurrogatePair(text, i) ? 2 : 1;
        }

        return i < text.Length && char.IsLetter(text, i);
    }

    /// <summary>The letter run starting at <paramref name="i"/> (letters and invisible characters) and whether it has a Basic Latin letter.</summary>
    private static (int End, bool HasLatin) ScanRun(string text, int i)
    {
        var latin = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsAsciiLetter(c))
            {
                latin = true;
            }
            else if (!char.IsLetter(c) && CharUnicodeInfo.GetUnicodeCategory(c) is not (UnicodeCategory.Format or UnicodeCategory.NonSpacingMark))
            {
                break;
            }

            i++;
        }

        return (i, latin);
    }

    /// <summary>The replacement for one non-ASCII code point, or null to keep it.</summary>
    private static string? Fold(int cp, UnicodeCategory category, bool inLatinWord)
    {
        switch (cp)
        {
            case 0x00B0 or 0x00BA or 0x02DA:
                return "°";
            case 0x2103:
                return "°C";
            case 0x2109:
                return "°F";
            case 0x00BD:
                return null;
            case 0x00E6:
                return "ae";
            case 0x00C6:
                return "AE";
            case 0x0153:
                return "oe";
            case 0x0152:
                return "OE";
            case >= 0x2010 and <= 0x2015 or 0x2212 or 0xFE58 or 0xFE63 or 0xFF0D or 0x2E3A or 0x2E3B:
                return "-";
            case 0x2018 or 0x2019 or 0x201A or 0x201B or 0x2032 or 0x02BC or 0xFF07:
                return "'";
            case >= 0x201C and <= 0x201F or 0x2033 or 0x00AB or 0x00BB or 0xFF02:
                return "\"";
            case 0x2023 or 0x2043 or 0x2219 or 0x25AA or 0x25AB or 0x25CF or 0x25E6 or 0x25A0 or 0x25A1 or 0x2022:
                return "•";
            case 0x2029:
                return "\n\n";
            case >= 0xFF01 and <= 0xFF5E:
                return ((char)(cp - 0xFEE0)).ToString();
        }

        if (category == UnicodeCategory.SpaceSeparator)
        {
            return " ";
        }

        if (category == UnicodeCategory.Control)
        {
            return " ";
        }

        if (inLatinWord && Homoglyph(cp) is { } latin)
        {
            return latin.ToString();
        }

        // Compatibility forms (ligatures, math letters, Roman numerals, circled digits, ellipsis) read as their NFKC text.
        if (cp is >= 0x2000 and <= 0x33FF or >= 0xFB00 and <= 0xFB4F or >= 0xFE30 and <= 0xFE4F or >= 0xFF5F and <= 0xFFEF or >= 0x1D400 and <= 0x1D7FF)
        {
            var s = char.ConvertFromUtf32(cp);
            var n = s.Normalize(NormalizationForm.FormKC);
            return string.Equals(n, s, StringComparison.Ordinal) ? null : n;
        }

        return null;
    }

    /// <summary>Cyrillic and Greek letters that look like a Latin letter.</summary>
    private static char? Homoglyph(int cp) => cp switch
    {
        0x0430 => 'a', 0x0435 => 'e', 0x043E => 'o', 0x0440 => 'p', 0x0441 => 'c', 0x0445 => 'x', 0x0443 => 'y',
        0x0456 => 'i', 0x0458 => 'j', 0x0455 => 's', 0x0501 => 'd', 0x051B => 'q', 0x051D => 'w', 0x04BB => 'h',
        0x0410 => 'A', 0x0412 => 'B', 0x0415 => 'E', 0x041A => 'K', 0x041C => 'M', 0x041D => 'H', 0x041E => 'O',
        0x0420 => 'P', 0x0421 => 'C', 0x0422 => 'T', 0x0425 => 'X', 0x0406 => 'I', 0x0408 => 'J', 0x0405 => 'S',
        0x03BF => 'o', 0x03B1 => 'a', 0x03B5 => 'e', 0x03B9 => 'i', 0x03BA => 'k', 0x03BD => 'v', 0x03C1 => 'p',
        0x03C4 => 't', 0x03C5 => 'u', 0x03C7 => 'x',
        0x0391 => 'A', 0x0392 => 'B', 0x0395 => 'E', 0x0396 => 'Z', 0x0397 => 'H', 0x0399 => 'I', 0x039A => 'K',
        0x039C => 'M', 0x039D => 'N', 0x039F => 'O', 0x03A1 => 'P', 0x03A4 => 'T', 0x03A5 => 'Y', 0x03A7 => 'X',
        _ => null,
    };

    /// <summary>Handles the line break at <paramref name="i"/>; returns the index after it.</summary>
    private static int LineBreak(string text, int i, Writer w)
    {
        var breakEnd = i + (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1);
        var next = breakEnd;
        while (next < text.Length && (text[next] is ' ' or '\t' || (text[next] > 0x7F && CharUnicodeInfo.GetUnicodeCategory(text[next]) is UnicodeCategory.SpaceSeparator or UnicodeCategory.Format)))
        {
            next++;
        }

        var soft = next < text.Length && char.IsLower(text, next) && PreviousLineContinues(w);
        if (!soft)
        {
            for (var k = i; k < breakEnd; k++)
            {
                w.Emit('\n', k, k + 1);
            }

            return breakEnd;
        }

        var fragment = HyphenFragment(w);
        if (fragment is not null)
        {
            w.TrimTrailingSpaces();
            if (!HyphenKeepers.Contains(fragment, StringComparer.Ordinal) && !fragment.All(char.IsAsciiDigit))
            {
                w.RemoveLast();
            }

            // The break and the next line's indent vanish: the word goes on.
            return next;
        }

        for (var k = i; k < breakEnd; k++)
        {
            w.Emit(' ', k, k + 1);
        }

        return breakEnd;
    }

    /// <summary>True when the output so far ends in a line that a wrap (not a sentence end or a short list item) interrupted.</summary>
    private static bool PreviousLineContinues(Writer w)
    {
        var end = w.Length;
        while (end > 0 && w[end - 1] is ' ' or '\t')
        {
            end--;
        }

        if (end == 0 || w[end - 1] is '\n' or '.' or '!' or '?' or ':' or ';' or '•')
        {
            return false;
        }

        var last = w[end - 1];
        if (last is ',' or '-')
        {
            return true;
        }

        // Count words back to the line start, and find the last word.
        var words = 0;
        var inWord = false;
        var lastWordEnd = -1;
        var lastWordStart = -1;
        var k = end - 1;
        for (; k >= 0 && w[k] != '\n'; k--)
        {
            var letter = char.IsLetterOrDigit(w[k]) || w[k] == '\'';
            if (letter && !inWord)
            {
                words++;
                inWord = true;
                if (lastWordEnd < 0)
                {
                    lastWordEnd = k + 1;
                }
            }
            else if (!letter && inWord)
            {
                inWord = false;
                if (lastWordStart < 0)
                {
                    lastWordStart = k + 1;
                }
            }

            if (words >= 4)
            {
                return true;
            }
        }

        if (lastWordEnd < 0)
        {
            return false;
        }

        if (lastWordStart < 0)
        {
            lastWordStart = k + 1;
        }

        var word = w.Slice(lastWordStart, lastWordEnd - lastWordStart).ToLowerInvariant();
        return ClauseContinuations.Contains(word, StringComparer.Ordinal);
    }

    /// <summary>The letters before a line-final hyphen ("ab" in "ab-"), or null when the line does not end in a word and a hyphen.</summary>
    private static string? HyphenFragment(Writer w)
    {
        var end = w.Length;
        while (end > 0 && w[end - 1] is ' ' or '\t')
        {
            end--;
        }

        if (end < 2 || w[end - 1] != '-' || !char.IsLetterOrDigit(w[end - 2]))
        {
            return null;
        }

        var start = end - 1;
        while (start > 0 && char.IsLetterOrDigit(w[start - 1]))
        {
            start--;
        }

        return w.Slice(start, end - 1 - start).ToLowerInvariant();
    }

    /// <summary>Second pass: each marker (an invisible character between letters) becomes a space or disappears.</summary>
    private static NormalizedText ResolveMarkers(string original, Writer first, WordLexicon? lexicon)
    {
        var w = new Writer(first.Length);
        var i = 0;
        while (i < first.Length)
        {
            if (first[i] != Marker)
            {
                w.Emit(first[i], first.SourceStart(i), first.SourceEnd(i));
                i++;
                continue;
            }

            // Word = letters and markers around this marker; split at the marker only if it joins two known words into an unknown one.
            var ws = i;
            while (ws > 0 && (char.IsLetter(first[ws - 1]) || first[ws - 1] == Marker))
            {
                ws--;
            }

            var we = i + 1;
            while (we < first.Length && (char.IsLetter(first[we]) || first[we] == Marker))
            {
                we++;
            }

            var left = Letters(first, ws, i);
            var right = Letters(first, i + 1, we);
            var split = lexicon is not null && left.Length >= 2 && right.Length >= 2
                && !lexicon.IsWordOrInflection(FoldSpelling(left + right))
                && lexicon.IsWordOrInflection(FoldSpelling(left)) && lexicon.IsWordOrInflection(FoldSpelling(right));
            if (split)
            {
                w.Emit(' ', first.SourceStart(i), first.SourceEnd(i));
            }

            i++;
        }

        return w.ToNormalized(original);
    }

    private static string Letters(Writer w, int from, int to)
    {
        var sb = new StringBuilder(to - from);
        for (var k = from; k < to; k++)
        {
            if (w[k] != Marker)
            {
                sb.Append(char.ToLowerInvariant(w[k]));
            }
        }

        return sb.ToString();
    }

    /// <summary>Output buffer; the offset maps are only allocated once a character stops mapping one-to-one.</summary>
    private sealed class Writer(int capacity)
    {
        private char[] _chars = new char[Math.Max(16, capacity + capacity / 8)];
        private int[]? _start;
        private int[]? _end;

        public int Length { get; private set; }

        public bool HasMarkers { get; private set; }

        public char Last => _chars[Length - 1];

        public char this[int index] => _chars[index];

        public string Slice(int start, int length) => new(_chars, start, length);

        public int SourceStart(int index) => _start?[index] ?? index;

        public int SourceEnd(int index) => _end?[index] ?? index + 1;

        public void Emit(char c, int sourceStart, int sourceEnd)
        {
            if (Length == _chars.Length)
            {
                Array.Resize(ref _chars, _chars.Length * 2);
                if (_start is not null)
                {
                    Array.Resize(ref _start, _chars.Length);
                    Array.Resize(ref _end, _chars.Length);
                }
            }

            if (_start is null && (sourceStart != Length || sourceEnd != Length + 1))
            {
                _start = new int[_chars.Length];
                _end = new int[_chars.Length];
                for (var k = 0; k < Length; k++)
                {
                    _start[k] = k;
                    _end[k] = k + 1;
                }
            }

            if (_start is not null)
            {
                _start[Length] = sourceStart;
                _end![Length] = sourceEnd;
            }

            HasMarkers |= c == Marker;
            _chars[Length++] = c;
        }

        public void RemoveLast() => Length--;

        public void TrimTrailingSpaces()
        {
            while (Length > 0 && _chars[Length - 1] is ' ' or '\t')
            {
                Length--;
            }
        }

        public NormalizedText ToNormalized(string original)
        {
            var text = new string(_chars, 0, Length);
            if (_start is null && Length == original.Length)
            {
                return new NormalizedText(original, text, null, null);
            }

            if (_start is null)
            {
                // Characters were only removed from the end (trimmed spaces before a joined hyphen are mid-text, so this is rare).
                _start = new int[Length];
                _end = new int[Length];
                for (var k = 0; k < Length; k++)
                {
                    _start[k] = k;
                    _end[k] = k + 1;
                }
            }

            return new NormalizedText(original, text, _start, _end);
        }
    }
}
