using MedPortal.Core.Consultations.TextMining;

namespace MedPortal.Web.Triage;

/// <summary>A run of message text, marked when a rule matched it.</summary>
/// <param name="Text">The text.</param>
/// <param name="Rules">Descriptions of the rules that matched it; empty for plain text.</param>
public sealed record TextRun(string Text, IReadOnlyList<string> Rules)
{
    /// <summary>True when at least one rule matched this run.</summary>
    public bool IsEvidence => Rules.Count > 0;
}

/// <summary>Splits a patient message into plain and red-flag-evidence runs for the nurse's transcript.</summary>
public static class EvidenceHighlighter
{
    /// <summary>
    /// The runs of one patient message. Spans that fall outside the text (a stale record) are clipped or ignored;
    /// overlapping spans are merged so every character appears exactly once.
    /// </summary>
    /// <param name="text">The message text.</param>
    /// <param name="patientMessageIndex">The message's index among the patient's messages (as evidence records use).</param>
    /// <param name="rules">The rules that fired, with their evidence.</param>
    public static IReadOnlyList<TextRun> Runs(string text, int patientMessageIndex, IEnumerable<FiredRuleRecord> rules)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(rules);
        var labels = new List<string>?[text.Length];
        foreach (var rule in rules)
        {
            foreach (var span in rule.Evidence.Where(e => e.MessageIndex == patientMessageIndex))
            {
                var start = Math.Max(0, span.Start);
                var end = Math.Min(text.Length, span.Start + span.Length);
                for (var i = start; i < end; i++)
                {
                    labels[i] ??= [];
                    if (!labels[i]!.Contains(rule.Description))
                    {
                        labels[i]!.Add(rule.Description);
                    }
                }
            }
        }

        var runs = new List<TextRun>();
        var runStart = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || !SameLabels(labels[i], labels[runStart]))
            {
                runs.Add(new TextRun(text[runStart..i], labels[runStart] ?? []));
                runStart = i;
            }
        }
        return runs;
    }

    private static bool SameLabels(List<string>? a, List<string>? b) =>
        (a is null && b is null) || (a is not null && b is not null && a.SequenceEqual(b));
}
