using System.Collections.Frozen;

namespace MedPortal.Core.Privacy;

/// <summary>
/// The word lists the scrubber decides with, read once from the embedded files in <c>Privacy/Lexicon</c>
/// (each file names its source and licence in its header). All keys are lower case.
/// </summary>
internal sealed class PhiLexicon
{
    private PhiLexicon(
        FrozenSet<string> english,
        FrozenSet<string> clinical,
        FrozenSet<string> firstNames,
        FrozenSet<string> lastNames,
        FrozenSet<string> places,
        IReadOnlyDictionary<string, string[]> street)
    {
        English = english;
        Clinical = clinical;
        FirstNames = firstNames;
        LastNames = lastNames;
        Places = places;
        StreetSuffixes = street.TryGetValue("suffix", out var s) ? s.ToFrozenSet() : FrozenSet<string>.Empty;
        StreetPrefixes = street.TryGetValue("prefix", out var p) ? p.ToFrozenSet() : FrozenSet<string>.Empty;
        StreetEndings = street.TryGetValue("ending", out var e) ? e : [];
        UnitWords = street.TryGetValue("unit", out var u) ? u.ToFrozenSet() : FrozenSet<string>.Empty;
    }

    /// <summary>The one instance (the files are read on first use, about 60,000 entries).</summary>
    public static PhiLexicon Default { get; } = Load();

    /// <summary>Ordinary English words (lower-case entries of a dictionary).</summary>
    public FrozenSet<string> English { get; }

    /// <summary>Drugs, eponymous conditions and abbreviations that look like proper nouns.</summary>
    public FrozenSet<string> Clinical { get; }

    public FrozenSet<string> FirstNames { get; }

    public FrozenSet<string> LastNames { get; }

    /// <summary>Words of city, region and country names.</summary>
    public FrozenSet<string> Places { get; }

    /// <summary>Street types written after the name (Street, Road, vej).</summary>
    public FrozenSet<string> StreetSuffixes { get; }

    /// <summary>Street types written before the name (Rue, Via, ul.).</summary>
    public FrozenSet<string> StreetPrefixes { get; }

    /// <summary>Endings of one-word street names (-strasse, -katu).</summary>
    public IReadOnlyList<string> StreetEndings { get; }

    /// <summary>Words that introduce a unit of an address (Suite, Apt, Box).</summary>
    public FrozenSet<string> UnitWords { get; }

    /// <summary>An ordinary word: in the English or clinical lists, as a plural, a contraction (you're, don't) or hyphenated parts.</summary>
    public bool IsEnglish(string lower)
    {
        if (IsListed(lower))
        {
            return true;
        }

        if (lower.EndsWith("n't", StringComparison.Ordinal) || lower.EndsWith("n’t", StringComparison.Ordinal))
        {
            return lower.Length > 3 && IsListed(lower[..^3]);
        }

        var apostrophe = lower.IndexOfAny(['\'', '’']);
        if (apostrophe > 0 && lower[(apostrophe + 1)..] is "s" or "re" or "ll" or "d" or "m" or "t" or "ve")
        {
            return IsListed(lower[..apostrophe]) || lower[..apostrophe] == "i";
        }

        if (lower.Contains('-', StringComparison.Ordinal))
        {
            return lower.Split('-').All(p => p.Length == 0 || p.Length == 1 || IsListed(p));
        }

        return false;
    }

    private bool IsListed(string lower) =>
        English.Contains(lower)
        || (lower.EndsWith('s') && lower.Length > 3 && English.Contains(lower[..^1]))
        || Clinical.Contains(lower);

    public bool IsPersonName(string lower) => FirstNames.Contains(lower) || LastNames.Contains(lower);

    public bool HasStreetEnding(string lower)
    {
        foreach (var ending in StreetEndings)
        {
            if (lower.Length > ending.Length + 2 && lower.EndsWith(ending, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static PhiLexicon Load()
    {
        var street = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in Lines("street-words.txt"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var kind = line[..colon];
                if (!street.TryGetValue(kind, out var list))
                {
                    street[kind] = list = [];
                }

                list.Add(line[(colon + 1)..]);
            }
        }

        return new PhiLexicon(
            Lines("english-words.txt").Concat(Lines("english-words-more.txt")).Select(l => l.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal),
            Set("clinical-words.txt"),
            Set("first-names.txt"),
            Set("last-names.txt"),
            Set("places.txt"),
            street.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal));
    }

    private static FrozenSet<string> Set(string file) =>
        Lines(file).Select(l => l.ToLowerInvariant()).ToFrozenSet(StringComparer.Ordinal);

    private static IEnumerable<string> Lines(string file)
    {
        var assembly = typeof(PhiLexicon).Assembly;
        var name = $"MedPortal.Core.Privacy.Lexicon.{file}";
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded lexicon '{name}' is missing from {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && line[0] != '#')
            {
                lines.Add(line);
            }
        }

        return lines;
    }
}
