using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MedPortal.Core.Privacy.Evaluation;

/// <summary>A labelled span of a development sentence (end exclusive).</summary>
public sealed record LabelledSpan(
    [property: JsonPropertyName("entity_type")] string EntityType,
    [property: JsonPropertyName("start_position")] int Start,
    [property: JsonPropertyName("end_position")] int End);

/// <summary>One labelled sentence in the Presidio synthetic format.</summary>
public sealed record LabelledText(
    [property: JsonPropertyName("full_text")] string FullText,
    [property: JsonPropertyName("spans")] IReadOnlyList<LabelledSpan> Spans,
    [property: JsonPropertyName("template_id")] int TemplateId);

/// <summary>Character recall of one labelled entity type.</summary>
public sealed record TypeScore(int Spans, int Characters, int Masked)
{
    /// <summary>The share of this type's characters that the scrubber masked.</summary>
    public double Recall => Characters == 0 ? 1 : (double)Masked / Characters;
}

/// <summary>What <see cref="PhiEvaluation.Evaluate"/> measured.</summary>
/// <param name="N">Sentences evaluated.</param>
/// <param name="Recall">Share of PHI characters masked.</param>
/// <param name="Precision">Share of masked characters inside any labelled span (PHI or not).</param>
/// <param name="PerType">Recall by labelled entity type (PHI and not).</param>
/// <param name="CharactersPerSecond">Scrubbing speed over the evaluated text.</param>
public sealed record PhiReport(int N, double Recall, double Precision, IReadOnlyDictionary<string, TypeScore> PerType, double CharactersPerSecond);

/// <summary>Which part of the development file to evaluate.</summary>
public enum PhiSplit
{
    /// <summary>Every sentence.</summary>
    All,
    /// <summary>The templates tuning may look at.</summary>
    Tune,
    /// <summary>The frozen held-out templates.</summary>
    HeldOut,
}

/// <summary>Measures the scrubber on labelled text: character recall over PHI types, character precision against all labels.</summary>
public static class PhiEvaluation
{
    /// <summary>The labelled entity types that are PHI (HIPAA Safe Harbor); GPE, ORGANIZATION, TITLE and NRP are labelled but not PHI.</summary>
    public static IReadOnlySet<string> PhiTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "PERSON", "STREET_ADDRESS", "ZIP_CODE", "DATE_TIME", "PHONE_NUMBER", "EMAIL_ADDRESS", "US_SSN", "CREDIT_CARD",
        "IBAN_CODE", "US_DRIVER_LICENSE", "IP_ADDRESS", "DOMAIN_NAME", "AGE",
    };

    private static readonly JsonSerializerOptions ReadOptions = new() { PropertyNameCaseInsensitive = false };

    /// <summary>Reads a JSON array of labelled sentences.</summary>
    /// <exception cref="FormatException">The file is not in that format.</exception>
    public static IReadOnlyList<LabelledText> Parse(Stream json)
    {
        try
        {
            var items = JsonSerializer.Deserialize<List<LabelledText>>(json, ReadOptions)
                ?? throw new FormatException("expected a JSON array of {\"full_text\", \"spans\", \"template_id\"}");
            foreach (var item in items)
            {
                if (item.FullText is null || item.Spans is null)
                {
                    throw new FormatException("every entry needs \"full_text\" and \"spans\"");
                }

                foreach (var s in item.Spans)
                {
                    if (s.Start < 0 || s.End > item.FullText.Length || s.End < s.Start)
                    {
                        throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"span {s.Start}..{s.End} lies outside its text (template {item.TemplateId})"));
                    }
                }
            }

            return items;
        }
        catch (JsonException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    /// <summary>Reads the held-out template ids from a split file (<c>{"held_out_template_ids": [...]}</c>).</summary>
    public static IReadOnlySet<int> ReadHeldOut(Stream json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (!doc.RootElement.TryGetProperty("held_out_template_ids", out var ids) || ids.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("the split file has no \"held_out_template_ids\" array");
            }

            return ids.EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
        }
        catch (JsonException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    /// <summary>The sentences of <paramref name="split"/>.</summary>
    public static IReadOnlyList<LabelledText> Select(IReadOnlyList<LabelledText> items, PhiSplit split, IReadOnlySet<int> heldOut) => split switch
    {
        PhiSplit.All => items,
        PhiSplit.Tune => items.Where(i => !heldOut.Contains(i.TemplateId)).ToList(),
        PhiSplit.HeldOut => items.Where(i => heldOut.Contains(i.TemplateId)).ToList(),
    };

    /// <summary>Scrubs every sentence and scores the masks against the labels, by character.</summary>
    public static PhiReport Evaluate(PhiScrubber scrubber, IReadOnlyList<LabelledText> items)
    {
        ArgumentNullException.ThrowIfNull(scrubber);
        var perType = new SortedDictionary<string, (int Spans, int Chars, int Masked)>(StringComparer.Ordinal);
        long phiChars = 0, phiMasked = 0, maskedChars = 0, maskedInLabels = 0, textChars = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var elapsed = TimeSpan.Zero;
        foreach (var item in items)
        {
            var text = item.FullText;
            textChars += text.Length;
            var start = clock.Elapsed;
            var spans = scrubber.Find(text);
            elapsed += clock.Elapsed - start;

            var masked = new bool[text.Length];
            foreach (var s in spans)
            {
                Array.Fill(masked, true, s.Start, s.Length);
            }

            var labelled = new bool[text.Length];
            var phi = new bool[text.Length];
            foreach (var s in item.Spans)
            {
                var m = 0;
                for (var k = s.Start; k < s.End; k++)
                {
                    labelled[k] = true;
                    phi[k] |= PhiTypes.Contains(s.EntityType);
                    m += masked[k] ? 1 : 0;
                }

                perType.TryGetValue(s.EntityType, out var score);
                perType[s.EntityType] = (score.Spans + 1, score.Chars + (s.End - s.Start), score.Masked + m);
            }

            for (var k = 0; k < text.Length; k++)
            {
                if (phi[k])
                {
                    phiChars++;
                    phiMasked += masked[k] ? 1 : 0;
                }

                if (masked[k])
                {
                    maskedChars++;
                    maskedInLabels += labelled[k] ? 1 : 0;
                }
            }
        }

        return new PhiReport(
            items.Count,
            phiChars == 0 ? 1 : (double)phiMasked / phiChars,
            maskedChars == 0 ? 1 : (double)maskedInLabels / maskedChars,
            perType.ToDictionary(kv => kv.Key, kv => new TypeScore(kv.Value.Spans, kv.Value.Chars, kv.Value.Masked), StringComparer.Ordinal),
            elapsed.TotalSeconds > 0 ? textChars / elapsed.TotalSeconds : 0);
    }

    /// <summary>For a developer: each sentence with PHI left unmasked (<c>-</c>) or unlabelled text masked (<c>+</c>).</summary>
    public static string Errors(PhiScrubber scrubber, IReadOnlyList<LabelledText> items)
    {
        ArgumentNullException.ThrowIfNull(scrubber);
        var sb = new StringBuilder();
        foreach (var item in items)
        {
            var text = item.FullText;
            var spans = scrubber.Find(text);
            var masked = new bool[text.Length];
            foreach (var s in spans)
            {
                Array.Fill(masked, true, s.Start, s.Length);
            }

            var lines = new List<string>();
            foreach (var s in item.Spans)
            {
                if (PhiTypes.Contains(s.EntityType) && Enumerable.Range(s.Start, s.End - s.Start).Any(k => !masked[k] && !char.IsWhiteSpace(text[k])))
                {
                    var shown = new StringBuilder();
                    for (var k = s.Start; k < s.End; k++)
                    {
                        shown.Append(masked[k] ? '_' : text[k]);
                    }

                    lines.Add($"  - {s.EntityType}: {Quote(shown.ToString())}");
                }
            }

            var labelled = new bool[text.Length];
            foreach (var s in item.Spans)
            {
                Array.Fill(labelled, true, s.Start, s.End - s.Start);
            }

            foreach (var s in spans)
            {
                if (Enumerable.Range(s.Start, s.Length).Any(k => !labelled[k]))
                {
                    lines.Add($"  + {s.Type}: {Quote(text.Substring(s.Start, s.Length))}");
                }
            }

            if (lines.Count > 0)
            {
                sb.Append(CultureInfo.InvariantCulture, $"template {item.TemplateId}: {Quote(text)}\n");
                foreach (var line in lines)
                {
                    sb.Append(line).Append('\n');
                }
            }
        }

        return sb.ToString();
    }

    private static string Quote(string s) => JsonSerializer.Serialize(s, QuoteOptions);

    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The report as one JSON object: <c>{"n", "recall", "precision", "per_type": {TYPE: {"recall", "phi", "spans", "chars", "masked"}}, "chars_per_second"}</c>.</summary>
    public static string ToJson(PhiReport report, string split)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("split", split);
            w.WriteNumber("n", report.N);
            w.WriteNumber("recall", Math.Round(report.Recall, 4));
            w.WriteNumber("precision", Math.Round(report.Precision, 4));
            w.WriteStartObject("per_type");
            foreach (var (type, score) in report.PerType)
            {
                w.WriteStartObject(type);
                w.WriteNumber("recall", Math.Round(score.Recall, 4));
                w.WriteBoolean("phi", PhiTypes.Contains(type));
                w.WriteNumber("spans", score.Spans);
                w.WriteNumber("chars", score.Characters);
                w.WriteNumber("masked", score.Masked);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteNumber("chars_per_second", Math.Round(report.CharactersPerSecond));
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The report for a person to read.</summary>
    public static string ToText(PhiReport report, string split)
    {
        ArgumentNullException.ThrowIfNull(report);
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(ci, $"split: {split}, sentences: {report.N}\n");
        sb.Append(ci, $"recall (PHI characters masked): {report.Recall:P2}\n");
        sb.Append(ci, $"precision (masked characters inside a labelled span): {report.Precision:P2}\n");
        foreach (var (type, score) in report.PerType)
        {
            sb.Append(ci, $"  {type,-18} {(PhiTypes.Contains(type) ? "PHI" : "   ")} recall {score.Recall,7:P2}  ({score.Masked}/{score.Characters} chars, {score.Spans} spans)\n");
        }

        sb.Append(ci, $"speed: {report.CharactersPerSecond:N0} characters per second\n");
        return sb.ToString();
    }
}
