using System.Text.Json;
using System.Text.Json.Serialization;
using MedPortal.Core.Consultations.NurseQueue;

namespace MedPortal.Core.Consultations.TextMining;

/// <summary>
/// The structured data extracted from a consultation, as stored in <see cref="PreliminaryAssessment.ExtractedJson"/>. This is
/// MedPortal's own stable shape (camelCase JSON), filled from the triage engine's extraction; nurse pages and summaries
/// read it, so fields are only ever added.
/// </summary>
public sealed record CaseFacts
{
    /// <summary>Age in years (fractional for infants), when known.</summary>
    public double? AgeYears { get; init; }

    /// <summary>"female", "male" or null.</summary>
    public string? Sex { get; init; }

    /// <summary>True, false, or null when unknown.</summary>
    public bool? Pregnant { get; init; }

    /// <summary>The chief complaint in the patient's words.</summary>
    public string? ChiefComplaint { get; init; }

    /// <summary>When it started ("yesterday evening", "3 days ago").</summary>
    public string? Onset { get; init; }

    /// <summary>How long it has lasted, in plain words.</summary>
    public string? Duration { get; init; }

    /// <summary>Severity 0–10 as the patient rated it.</summary>
    public int? Severity { get; init; }

    /// <summary>Symptoms present now.</summary>
    public IReadOnlyList<string> Symptoms { get; init; } = [];

    /// <summary>Symptoms the patient denied ("no fever").</summary>
    public IReadOnlyList<string> DeniedSymptoms { get; init; } = [];

    /// <summary>Vital signs given by the patient, name → value text (e.g. "temperature" → "39.2 °C").</summary>
    public IReadOnlyDictionary<string, string> Vitals { get; init; } = new Dictionary<string, string>();

    /// <summary>Past medical history and long-term conditions.</summary>
    public IReadOnlyList<string> History { get; init; } = [];

    /// <summary>Medicines the patient takes.</summary>
    public IReadOnlyList<string> Medications { get; init; } = [];

    /// <summary>Allergies the patient reported. Empty means none were recorded, not that there are none.</summary>
    public IReadOnlyList<string> Allergies { get; init; } = [];

    /// <summary>True when the patient explicitly said they have no allergies.</summary>
    public bool NoKnownAllergies { get; init; }

    /// <summary>Serialises to the stored JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Reads the stored JSON; an empty or malformed value gives empty facts rather than an error.</summary>
    public static CaseFacts FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new CaseFacts();
        }
        try
        {
            return JsonSerializer.Deserialize<CaseFacts>(json, JsonOptions) ?? new CaseFacts();
        }
        catch (JsonException)
        {
            return new CaseFacts();
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };
}

/// <summary>One rule that fired, as stored in <see cref="PreliminaryAssessment.FiredRulesJson"/> (camelCase JSON).</summary>
/// <param name="RuleId">Stable rule id.</param>
/// <param name="Description">What it detects, for clinicians.</param>
/// <param name="Acuity">The level the rule sets (1–5).</param>
/// <param name="Source">Its published source.</param>
/// <param name="Evidence">Where in the patient's messages it matched.</param>
public sealed record FiredRuleRecord(string RuleId, string Description, int Acuity, string Source, IReadOnlyList<EvidenceRecord> Evidence)
{
    /// <summary>Reads the stored JSON; malformed JSON gives an empty list.</summary>
    public static IReadOnlyList<FiredRuleRecord> ListFromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        try
        {
            return JsonSerializer.Deserialize<List<FiredRuleRecord>>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web)) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>Serialises a list to the stored JSON.</summary>
    public static string ListToJson(IEnumerable<FiredRuleRecord> rules) =>
        JsonSerializer.Serialize(rules, new JsonSerializerOptions(JsonSerializerDefaults.Web));
}

/// <summary>A span of a patient message that a rule matched.</summary>
/// <param name="MessageIndex">Index among the patient's messages (0 = first patient message).</param>
/// <param name="Start">Character offset in that message.</param>
/// <param name="Length">Length in characters.</param>
/// <param name="Text">The matched text.</param>
public sealed record EvidenceRecord(int MessageIndex, int Start, int Length, string Text);
