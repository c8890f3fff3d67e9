using System.Globalization;
using MedPortal.Core.Triage;
using MedPortal.Core.Triage.Evaluation;

namespace MedPortal.Cli;

/// <summary><c>medportal eval triage FILE.jsonl [--json] [--with-model] [--crisis] [--explain N]</c>.</summary>
internal static class EvalTriageCommand
{
    private const string Usage =
        "usage: medportal eval triage FILE.jsonl [--json] [--with-model [--model FILE.gguf | --remote URL [--remote-model NAME]]]\n" +
        "       (--with-model without --model/--remote uses Inference__ModelPath or Inference__RemoteUrl from the environment)\n" +
        "       medportal eval triage FILE.jsonl --crisis [--json]   (lines: {\"text\": ..., \"crisis\": true|false, \"kind\": ...})\n" +
        "       medportal eval triage --explain \"free text\"          (prints the full result as JSON)\n" +
        "       medportal eval triage FILE.jsonl --explain N          (explains the case on line N of FILE: label, normalised text, findings, facts, rules)";

    public static async Task<int> RunAsync(string[] args)
    {
        var json = false;
        string? modelPath = Environment.GetEnvironmentVariable("Inference__ModelPath");
        string? remoteUrl = Environment.GetEnvironmentVariable("Inference__RemoteUrl");
        var remoteModel = Environment.GetEnvironmentVariable("Inference__RemoteModel") ?? "default";
        var withModel = false;
        var crisis = false;
        string? explain = null;
        string? file = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json":
                    json = true;
                    break;
                case "--with-model":
                    withModel = true;
                    break;
                case "--crisis":
                    crisis = true;
                    break;
                case "--model" when i + 1 < args.Length:
                    modelPath = args[++i];
                    break;
                case "--remote" when i + 1 < args.Length:
                    remoteUrl = args[++i];
                    break;
                case "--remote-model" when i + 1 < args.Length:
                    remoteModel = args[++i];
                    break;
                case "--explain" when i + 1 < args.Length:
                    explain = args[++i];
                    break;
                case "-h" or "--help":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) || file is not null)
                    {
                        Console.Error.WriteLine($"unknown argument '{args[i]}'\n{Usage}");
                        return 2;
                    }

                    file = args[i];
                    break;
            }
        }

        var engine = TriageEngine.CreateDefault();
        if (explain is not null && file is not null && int.TryParse(explain, NumberStyles.None, CultureInfo.InvariantCulture, out var line))
        {
            return ExplainLine(engine, file, line);
        }

        if (explain is not null)
        {
            Console.WriteLine(TriageResultJson.Serialize(engine.Assess(explain)));
            return 0;
        }

        if (file is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"error: file '{file}' does not exist");
            return 2;
        }

        try
        {
            using var reader = new StreamReader(file);
            if (crisis)
            {
                var report = TriageEvaluation.EvaluateCrisis(engine, TriageEvaluation.ParseCrisis(reader));
                var ci = CultureInfo.InvariantCulture;
                if (json)
                {
                    Console.WriteLine(string.Create(ci, $"{{\"positives\":{report.Positives},\"negatives\":{report.Negatives},\"crisis_recall\":{Math.Round(report.Recall, 4)},\"false_alarms\":{report.FalseAlarms},\"kind_accuracy\":{Math.Round(report.KindAccuracy, 4)}}}"));
                }
                else
                {
                    Console.WriteLine(string.Create(ci, $"crisis positives: {report.Positives}, negatives: {report.Negatives}"));
                    Console.WriteLine(string.Create(ci, $"crisis recall: {report.Recall:P1} (missed lines: {string.Join(", ", report.Missed)})"));
                    Console.WriteLine(string.Create(ci, $"false alarms: {report.FalseAlarms} of {report.Negatives} (lines: {string.Join(", ", report.FalseAlarmLines)})"));
                    Console.WriteLine(string.Create(ci, $"crisis kind accuracy: {report.KindAccuracy:P1}"));
                }

                return 0;
            }

            var cases = TriageEvaluation.ParseCases(reader);
            Func<LabelledCase, TriageResult, Acuity>? raise = null;
            if (withModel)
            {
                await using var model = await ModelForEvaluation.OpenAsync(modelPath, remoteUrl, remoteModel);
                if (model is null)
                {
                    return 3;
                }
                var levels = await model.AssessAllAsync(cases);
                raise = (c, _) => levels[c.LineNumber];
            }
            var result = TriageEvaluation.Evaluate(engine, cases, raise);
            Console.WriteLine(json ? TriageEvaluation.ToJson(result) : TriageEvaluation.ToText(result));
            return 0;
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine($"error: {file}: {ex.Message}");
            return 2;
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"error: cannot read {file}: {ex.Message}");
            return 2;
        }
    }

    /// <summary>Explains the case on 1-based line <paramref name="line"/> of a triage file, for a reviewer.</summary>
    private static int ExplainLine(TriageEngine engine, string file, int line)
    {
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"error: file '{file}' does not exist");
            return 2;
        }

        LabelledCase? found;
        try
        {
            using var reader = new StreamReader(file);
            found = TriageEvaluation.ParseCases(reader).FirstOrDefault(c => c.LineNumber == line);
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine($"error: {file}: {ex.Message}");
            return 2;
        }

        if (found is null)
        {
            Console.Error.WriteLine($"error: {file}: no case on line {line}");
            return 2;
        }

        Console.Write(ExplainText(engine.Explain(found.CaseDescription), found));
        return 0;
    }

    /// <summary>The human-readable explanation of one case.</summary>
    internal static string ExplainText(TriageExplanation explanation, LabelledCase labelled)
    {
        var ci = CultureInfo.InvariantCulture;
        var r = explanation.Result;
        var c = r.Case;
        var sb = new System.Text.StringBuilder();
        void Line(string text) => sb.Append(text).Append('\n');
        static string Quote(EvidenceSpan e) => "\"" + e.Text.ReplaceLineEndings(" ") + "\"";

        Line(string.Create(ci, $"line {labelled.LineNumber}, expected: {labelled.UrgencyLevel}"));
        Line($"text: {labelled.CaseDescription}");
        Line($"normalised: {explanation.NormalizedText}");
        Line("findings:");
        foreach (var f in c.Findings)
        {
            Line(string.Create(ci, $"  {f.ConceptId,-24} {f.Status,-12} {Quote(f.Evidence)} @{f.Evidence.Start}"));
        }

        if (c.Findings.Count == 0)
        {
            Line("  (none)");
        }

        Line(c.Age is { } age ? string.Create(ci, $"age: {age.Years:0.##} years ({age.Value} {age.Unit}, {Quote(age.Evidence)})") : "age: unknown");
        Line($"sex: {c.Sex ?? "unknown"}");
        Line($"pregnant: {(c.Pregnant ? "yes" : "not stated")}");
        void Measurements(string name, IReadOnlyList<Measurement> list)
        {
            Line(list.Count == 0 ? $"{name}: none" : $"{name}: " + string.Join("; ", list.Select(m => string.Create(ci, $"{m.Name} {m.Value} {m.Unit} ({Quote(m.Evidence)})"))));
        }

        Measurements("durations", c.Durations);
        Measurements("severities", c.Severities);
        Measurements("vitals", c.Vitals);
        Line("rules fired:");
        foreach (var rule in r.FiredRules)
        {
            Line(string.Create(ci, $"  {rule.RuleId} (acuity {(int)rule.Acuity} {rule.Acuity}): {rule.Description} [source: {rule.Source}]"));
        }

        if (r.FiredRules.Count == 0)
        {
            Line("  (none: default Routine)");
        }

        Line(string.Create(ci, $"result: {(int)r.Acuity} {r.Acuity} ({TriageEvaluation.ToClass(r.Acuity)}), expected {labelled.UrgencyLevel}"));
        return sb.ToString();
    }
}
