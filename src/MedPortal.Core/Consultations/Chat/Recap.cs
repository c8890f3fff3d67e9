using MedPortal.Core.Consultations.TextMining;

namespace MedPortal.Core.Consultations.Chat;

/// <summary>The plain-language summary of what the patient reported, which they confirm before it goes to a nurse.</summary>
/// <param name="Lines">Label and value pairs, only for what was actually reported.</param>
public sealed record Recap(IReadOnlyList<RecapLine> Lines)
{
    /// <summary>Builds the recap from the extracted facts; nothing is added that the patient did not say.</summary>
    public static Recap From(CaseFacts facts)
    {
        var lines = new List<RecapLine>();
        void Add(string label, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                lines.Add(new RecapLine(label, value.Trim()));
            }
        }
        Add("Main concern", facts.ChiefComplaint);
        Add("Started", facts.Onset);
        Add("How long", facts.Duration);
        Add("Severity", facts.Severity is { } s ? $"{s} out of 10" : null);
        Add("Other symptoms", Join(facts.Symptoms));
        Add("You said you do not have", Join(facts.DeniedSymptoms));
        Add("Measurements", Join(facts.Vitals.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key} {v.Value}")));
        Add("Health conditions", Join(facts.History));
        Add("Medicines", Join(facts.Medications));
        Add("Allergies", facts.Allergies.Count > 0 ? Join(facts.Allergies) : facts.NoKnownAllergies ? "none" : null);
        Add("Pregnancy", facts.Pregnant switch { true => "pregnant", false => "not pregnant", null => null });
        Add("Age", facts.AgeYears is { } age ? Clinic.PatientAge.Describe(age) : null);
        return new Recap(lines);
    }

    /// <summary>The recap as text, one "Label: value" line each.</summary>
    public string ToText() => string.Join('\n', Lines.Select(l => $"{l.Label}: {l.Value}"));

    private static string? Join(IEnumerable<string> items)
    {
        var list = items.Where(i => !string.IsNullOrWhiteSpace(i)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return list.Count == 0 ? null : string.Join(", ", list);
    }

}

/// <summary>One line of a <see cref="Recap"/>.</summary>
/// <param name="Label">What it is.</param>
/// <param name="Value">What the patient said.</param>
public sealed record RecapLine(string Label, string Value);
