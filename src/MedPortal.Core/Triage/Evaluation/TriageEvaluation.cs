using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MedPortal.Core.Triage.Evaluation;

/// <summary>A labelled case: one line of an evaluation file.</summary>
/// <param name="LineNumber">1-based line number in the file.</param>
/// <param name="CaseDescription">The free-text case.</param>
/// <param name="UrgencyLevel">Gold label: <c>em</c>, <c>ne</c> or <c>sc</c>.</param>
public sealed record LabelledCase(int LineNumber, string CaseDescription, string UrgencyLevel);

/// <summary>A labelled crisis-detection example.</summary>
/// <param name="LineNumber">1-based line number in the file.</param>
/// <param name="Text">The patient's text.</param>
/// <param name="IsCrisis">Gold label.</param>
/// <param name="Kind">Expected crisis kind (suicide, selfHarm, harmToOthers, abuse) when <paramref name="IsCrisis"/>, else null.</param>
public sealed record LabelledCrisis(int LineNumber, string Text, bool IsCrisis, string? Kind);

/// <summary>One case the engine got wrong.</summary>
/// <param name="LineNumber">Line in the evaluation file.</param>
/// <param name="Expected">Gold class.</param>
/// <param name="Predicted">Engine class.</param>
/// <param name="Acuity">Engine acuity.</param>
/// <param name="CaseDescription">The case text.</param>
/// <param name="FiredRuleIds">Rules that fired.</param>
public sealed record EvaluationMiss(int LineNumber, string Expected, string Predicted, Acuity Acuity, string CaseDescription, IReadOnlyList<string> FiredRuleIds);

/// <summary>Accuracy figures for a labelled set.</summary>
public sealed record EvaluationReport
{
    /// <summary>Number of cases.</summary>
    public required int N { get; init; }

    /// <summary>Share of cases whose class matched.</summary>
    public required double Accuracy { get; init; }

    /// <summary>Per gold class: share of that class predicted correctly (recall), in the order em, ne, sc.</summary>
    public required IReadOnlyList<(string Label, int Count, double Accuracy)> PerClass { get; init; }

    /// <summary>Share of gold <c>em</c> cases predicted <c>em</c>.</summary>
    public required double EmergencyRecall { get; init; }

    /// <summary>Share of all cases predicted more urgent than the gold class.</summary>
    public required double OverTriageRate { get; init; }

    /// <summary>Share of all cases predicted less urgent than the gold class.</summary>
    public required double UnderTriageRate { get; init; }

    /// <summary>Confusion matrix [gold, predicted] with indices em=0, ne=1, sc=2.</summary>
    public required int[,] Confusion { get; init; }

    /// <summary>Every case that was not classified correctly, in file order.</summary>
    public required IReadOnlyList<EvaluationMiss> Misses { get; init; }

    /// <summary>Gold <c>em</c> cases that the engine put below level 2 (must be empty for release).</summary>
    public required IReadOnlyList<EvaluationMiss> EmergencyBelowLevel2 { get; init; }
}

/// <summary>Crisis-detection figures.</summary>
/// <param name="Positives">Number of crisis examples.</param>
/// <param name="Negatives">Number of non-crisis examples.</param>
/// <param name="Recall">Share of crisis examples detected.</param>
/// <param name="FalseAlarms">Number of non-crisis examples flagged.</param>
/// <param name="KindAccuracy">Share of detected crisis examples with the expected kind.</param>
/// <param name="Missed">Line numbers of crisis examples not detected.</param>
/// <param name="FalseAlarmLines">Line numbers of false alarms.</param>
public sealed record CrisisReport(int Positives, int Negatives, double Recall, int FalseAlarms, double KindAccuracy, IReadOnlyList<int> Missed, IReadOnlyList<int> FalseAlarmLines);

/// <summary>Reads labelled JSONL files and scores the engine against them.</summary>
public static class TriageEvaluation
{
    /// <summary>The three evaluation classes, most urgent first.</summary>
    public static readonly IReadOnlyList<string> Classes = ["em", "ne", "sc"];

    /// <summary>Maps an acuity to the evaluation class: levels 1-2 → em, 3-4 → ne, 5 → sc.</summary>
    /// <param name="acuity">The acuity.</param>
    /// <returns><c>em</c>, <c>ne</c> or <c>sc</c>.</returns>
    public static string ToClass(Acuity acuity) => acuity switch
    {
        Acuity.Emergency or Acuity.EmergencyDepartment => "em",
        Acuity.Urgent or Acuity.Routine => "ne",
        Acuity.SelfCare => "sc",
        _ => "ne",
    };

    /// <summary>Parses lines of <c>{"case_description": "...", "urgency_level": "em"|"ne"|"sc"}</c>. Blank lines are skipped.</summary>
    /// <param name="reader">The file.</param>
    /// <returns>The cases in file order.</returns>
    /// <exception cref="FormatException">A line is not valid; the message names the line number.</exception>
    public static IReadOnlyList<LabelledCase> ParseCases(TextReader reader) =>
        ParseLines(reader, "the file has no cases", (root, lineNumber) =>
        {
            var description = RequiredString(root, "case_description", lineNumber);
            var level = RequiredString(root, "urgency_level", lineNumber);
            if (!Classes.Contains(level, StringComparer.Ordinal))
            {
                throw new FormatException($"line {lineNumber}: \"urgency_level\" is \"{level}\"; expected \"em\", \"ne\" or \"sc\"");
            }

            return new LabelledCase(lineNumber, description, level);
        });

    /// <summary>Parses lines of <c>{"text": "...", "crisis": true|false, "kind": "suicide"|"selfHarm"|"harmToOthers"|"abuse"}</c>.</summary>
    /// <param name="reader">The file.</param>
    /// <returns>The examples in file order.</returns>
    /// <exception cref="FormatException">A line is not valid; the message names the line number.</exception>
    public static IReadOnlyList<LabelledCrisis> ParseCrisis(TextReader reader) =>
        ParseLines(reader, "the file has no examples", (root, lineNumber) =>
        {
            var text = RequiredString(root, "text", lineNumber);
            if (!root.TryGetProperty("crisis", out var crisis) || crisis.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new FormatException($"line {lineNumber}: \"crisis\" must be true or false");
            }

            var kind = root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            return new LabelledCrisis(lineNumber, text, crisis.GetBoolean(), kind);
        });

    /// <summary>One item per non-blank JSON line, in file order; an empty file is a <see cref="FormatException"/>.</summary>
    private static List<T> ParseLines<T>(TextReader reader, string emptyMessage, Func<JsonElement, int, T> item)
    {
        var items = new List<T>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = ParseLine(line, lineNumber);
            items.Add(item(doc.RootElement, lineNumber));
        }

        return items.Count > 0 ? items : throw new FormatException(emptyMessage);
    }

    /// <summary>Runs the engine on every case and computes the figures.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="cases">Labelled cases.</param>
    /// <param name="raise">Optional: the final acuity for a case given the rules' result (a model's raise-only opinion).</param>
    /// <returns>The report.</returns>
    public static EvaluationReport Evaluate(TriageEngine engine, IReadOnlyList<LabelledCase> cases, Func<LabelledCase, TriageResult, Acuity>? raise = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(cases);
        var confusion = new int[3, 3];
        var misses = new List<EvaluationMiss>();
        var emBelow2 = new List<EvaluationMiss>();
        int correct = 0, over = 0, under = 0;
        foreach (var c in cases)
        {
            var result = engine.Assess(c.CaseDescription);
            var acuity = raise?.Invoke(c, result) ?? result.Acuity;
            var predicted = ToClass(acuity);
            var gi = IndexOf(c.UrgencyLevel);
            var pi = IndexOf(predicted);
            confusion[gi, pi]++;
            var miss = new EvaluationMiss(c.LineNumber, c.UrgencyLevel, predicted, acuity, c.CaseDescription, [.. result.FiredRules.Select(r => r.RuleId)]);
            if (gi == pi)
            {
                correct++;
            }
            else
            {
                misses.Add(miss);
                if (pi < gi)
                {
                    over++;
                }
                else
                {
                    under++;
                }
            }

            if (c.UrgencyLevel == "em" && acuity > Acuity.EmergencyDepartment)
            {
                emBelow2.Add(miss);
            }
        }

        var n = cases.Count;
        var perClass = new List<(string, int, double)>();
        for (var i = 0; i < 3; i++)
        {
            var total = confusion[i, 0] + confusion[i, 1] + confusion[i, 2];
            perClass.Add((Classes[i], total, total == 0 ? 0 : (double)confusion[i, i] / total));
        }

        var emTotal = confusion[0, 0] + confusion[0, 1] + confusion[0, 2];
        return new EvaluationReport
        {
            N = n,
            Accuracy = (double)correct / n,
            PerClass = perClass,
            EmergencyRecall = emTotal == 0 ? 0 : (double)confusion[0, 0] / emTotal,
            OverTriageRate = (double)over / n,
            UnderTriageRate = (double)under / n,
            Confusion = confusion,
            Misses = misses,
            EmergencyBelowLevel2 = emBelow2,
        };
    }

    /// <summary>Runs crisis detection on every example.</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="items">Labelled examples.</param>
    /// <returns>The report.</returns>
    public static CrisisReport EvaluateCrisis(TriageEngine engine, IReadOnlyList<LabelledCrisis> items)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(items);
        int positives = 0, negatives = 0, detected = 0, kindRight = 0;
        var missed = new List<int>();
        var falseAlarms = new List<int>();
        foreach (var item in items)
        {
            var result = engine.Assess(item.Text);
            if (item.IsCrisis)
            {
                positives++;
                if (result.IsCrisis)
                {
                    detected++;
                    if (item.Kind is null || string.Equals(KindName(result.Crisis), item.Kind, StringComparison.Ordinal))
                    {
                        kindRight++;
                    }
                }
                else
                {
                    missed.Add(item.LineNumber);
                }
            }
            else
            {
                negatives++;
                if (result.IsCrisis)
                {
                    falseAlarms.Add(item.LineNumber);
                }
            }
        }

        return new CrisisReport(
            positives,
            negatives,
            positives == 0 ? 0 : (double)detected / positives,
            falseAlarms.Count,
            detected == 0 ? 0 : (double)kindRight / detected,
            missed,
            falseAlarms);
    }

    /// <summary>The knowledge-file name of a crisis kind (suicide, selfHarm, harmToOthers, abuse).</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>The name, or null.</returns>
    public static string? KindName(CrisisKind? kind) => kind switch
    {
        CrisisKind.Suicide => "suicide",
        CrisisKind.SelfHarm => "selfHarm",
        CrisisKind.HarmToOthers => "harmToOthers",
        CrisisKind.Abuse => "abuse",
        null => null,
        _ => null,
    };

    /// <summary>The report as one JSON object with stable key order (numbers in invariant culture).</summary>
    /// <param name="report">The report.</param>
    /// <returns>Compact JSON.</returns>
    public static string ToJson(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("n", report.N);
            w.WriteNumber("accuracy", Math.Round(report.Accuracy, 4));
            w.WriteNumber("emergency_recall", Math.Round(report.EmergencyRecall, 4));
            w.WriteNumber("over_triage_rate", Math.Round(report.OverTriageRate, 4));
            w.WriteNumber("under_triage_rate", Math.Round(report.UnderTriageRate, 4));
            w.WriteNumber("emergency_below_level_2", report.EmergencyBelowLevel2.Count);
            w.WriteStartObject("per_class_accuracy");
            foreach (var (label, _, accuracy) in report.PerClass)
            {
                w.WriteNumber(label, Math.Round(accuracy, 4));
            }

            w.WriteEndObject();
            w.WriteStartObject("per_class_n");
            foreach (var (label, count, _) in report.PerClass)
            {
                w.WriteNumber(label, count);
            }

            w.WriteEndObject();
            w.WriteStartObject("confusion");
            for (var g = 0; g < 3; g++)
            {
                w.WriteStartObject(Classes[g]);
                for (var p = 0; p < 3; p++)
                {
                    w.WriteNumber(Classes[p], report.Confusion[g, p]);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteStartArray("misses");
            foreach (var m in report.Misses)
            {
                w.WriteStartObject();
                w.WriteNumber("line", m.LineNumber);
                w.WriteString("expected", m.Expected);
                w.WriteString("predicted", m.Predicted);
                w.WriteNumber("acuity", (int)m.Acuity);
                w.WriteStartArray("rules");
                foreach (var r in m.FiredRuleIds)
                {
                    w.WriteStringValue(r);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A plain-text report: overall and per-class accuracy, rates, the confusion matrix and every miss with its rules.</summary>
    /// <param name="report">The report.</param>
    /// <returns>Multi-line text.</returns>
    public static string ToText(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(ci, $"cases: {report.N}");
        sb.AppendLine(ci, $"accuracy: {report.Accuracy:P1}");
        foreach (var (label, count, accuracy) in report.PerClass)
        {
            sb.AppendLine(ci, $"  {label}: {accuracy:P1} of {count}");
        }

        sb.AppendLine(ci, $"emergency recall: {report.EmergencyRecall:P1}");
        sb.AppendLine(ci, $"over-triage rate: {report.OverTriageRate:P1}");
        sb.AppendLine(ci, $"under-triage rate: {report.UnderTriageRate:P1}");
        sb.AppendLine(ci, $"emergency cases below level 2: {report.EmergencyBelowLevel2.Count}");
        sb.AppendLine("confusion (rows: expected, columns: predicted):");
        sb.AppendLine("          em    ne    sc");
        for (var g = 0; g < 3; g++)
        {
            sb.AppendLine(ci, $"  {Classes[g]}  {report.Confusion[g, 0],5} {report.Confusion[g, 1],5} {report.Confusion[g, 2],5}");
        }

        if (report.Misses.Count > 0)
        {
            sb.AppendLine(ci, $"misses ({report.Misses.Count}):");
            foreach (var m in report.Misses)
            {
                var rules = m.FiredRuleIds.Count == 0 ? "(no rule: default)" : string.Join(", ", m.FiredRuleIds);
                sb.AppendLine(ci, $"  line {m.LineNumber}: expected {m.Expected}, got {m.Predicted} (level {(int)m.Acuity}); rules: {rules}");
                sb.AppendLine(ci, $"    {Shorten(m.CaseDescription, 160)}");
            }
        }

        return sb.ToString();
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    private static int IndexOf(string label) => label switch
    {
        "em" => 0,
        "ne" => 1,
        _ => 2,
    };

    private static JsonDocument ParseLine(string line, int lineNumber)
    {
        try
        {
            var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw new FormatException($"line {lineNumber}: expected a JSON object");
            }

            return doc;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"line {lineNumber}: not valid JSON ({ex.Message})", ex);
        }
    }

    private static string RequiredString(JsonElement root, string name, int lineNumber) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"line {lineNumber}: missing string \"{name}\"");
}
