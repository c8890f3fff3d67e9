using System.Text.RegularExpressions;
using MedPortal.Core.Consultations.TextMining;

namespace MedPortal.Core.Summaries;

/// <summary>
/// Keeps only the sentences of a model-drafted narrative that the record supports: a sentence is dropped when it states
/// a number that appears nowhere in the record, speaks of allergies when none were recorded, or names a medicine the
/// patient did not mention. Deterministic and conservative: a dropped sentence costs prose, a kept invention could cost
/// a patient.
/// </summary>
public static partial class NarrativeGrounding
{
    /// <summary>The supported sentences, and how many were dropped.</summary>
    public static (string Text, int Dropped) Keep(string narrative, SummaryRecord record)
    {
        ArgumentNullException.ThrowIfNull(narrative);
        ArgumentNullException.ThrowIfNull(record);
        var source = string.Join('\n', record.Consultation.Messages.Select(m => m.Content)).ToLowerInvariant();
        var numbers = Number().Matches(source).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
        var medicines = MedicationMentions.Find(record.PatientMessages.Select(m => m.Content)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var kept = new List<string>();
        var dropped = 0;
        foreach (var sentence in Sentence().Split(narrative.Trim()).Where(s => s.Length > 0))
        {
            var lower = sentence.ToLowerInvariant();
            var unsupportedNumber = Number().Matches(lower).Any(m => !numbers.Contains(m.Value));
            var inventedAllergy = Allergy().IsMatch(lower) && record.Facts.Allergies.Count == 0 && !record.Facts.NoKnownAllergies && !Allergy().IsMatch(source);
            var inventedMedicine = MedicationMentions.Find([sentence]).Any(m => !medicines.Contains(m));
            if (unsupportedNumber || inventedAllergy || inventedMedicine)
            {
                dropped++;
                continue;
            }
            kept.Add(sentence);
        }
        return (string.Join(' ', kept), dropped);
    }

    [GeneratedRegex(@"\d+(?:[.,]\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    [GeneratedRegex(@"\ballerg", RegexOptions.CultureInvariant)]
    private static partial Regex Allergy();

    [GeneratedRegex(@"(?<=[.!?])\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Sentence();
}
