namespace MedPortal.Core.Triage;

/// <summary>The kind of crisis detected in what the patient wrote.</summary>
public enum CrisisKind
{
    /// <summary>Thoughts, plans or intent of suicide.</summary>
    Suicide = 1,

    /// <summary>Self-harm without stated suicidal intent.</summary>
    SelfHarm = 2,

    /// <summary>Thoughts, plans or intent of harming someone else.</summary>
    HarmToOthers = 3,

    /// <summary>The patient is being abused, assaulted or threatened.</summary>
    Abuse = 4,
}

/// <summary>The ConText status of a finding: only <see cref="Present"/> findings can fire a rule.</summary>
public enum FindingStatus
{
    /// <summary>Asserted as current and about the patient.</summary>
    Present = 1,

    /// <summary>Negated ("denies chest pain", "no fever").</summary>
    Negated = 2,

    /// <summary>In the past ("history of asthma").</summary>
    Historical = 3,

    /// <summary>About someone else ("mother had a stroke").</summary>
    OtherPerson = 4,

    /// <summary>Conditional or hypothetical ("if the pain gets worse").</summary>
    Hypothetical = 5,
}

/// <summary>Where a piece of evidence sits in the patient's messages.</summary>
/// <param name="MessageIndex">Index of the message in the list passed to <see cref="TriageEngine.Assess(IReadOnlyList{string})"/> (0 for a single text).</param>
/// <param name="Start">Character offset of the match within that message.</param>
/// <param name="Length">Length of the match in characters.</param>
/// <param name="Text">The exact matched text.</param>
public sealed record EvidenceSpan(int MessageIndex, int Start, int Length, string Text);

/// <summary>A rule of the knowledge base that fired for this case.</summary>
/// <param name="RuleId">Stable rule id from the knowledge files.</param>
/// <param name="Description">What the rule means, for clinicians.</param>
/// <param name="Acuity">The acuity the rule sets (or, for self-care rules, allows).</param>
/// <param name="Source">Public source the rule is based on.</param>
/// <param name="Evidence">The spans of text that satisfied the rule.</param>
public sealed record FiredRule(string RuleId, string Description, Acuity Acuity, string Source, IReadOnlyList<EvidenceSpan> Evidence);

/// <summary>A question whose answer could change the triage decision.</summary>
/// <param name="Key">Stable key, e.g. <c>red_flag.chest_pain.radiation</c>.</param>
/// <param name="Question">Patient-facing question text.</param>
public sealed record MissingInformation(string Key, string Question);

/// <summary>A clinical concept found in the text, with its context status.</summary>
/// <param name="ConceptId">Concept id from the knowledge files, e.g. <c>chest_pain</c>.</param>
/// <param name="Label">Human-readable concept name.</param>
/// <param name="Kind">Concept kind: symptom, sign, condition, medication, exposure, injury, state, modifier or crisis.</param>
/// <param name="Status">Present, negated, historical, about another person or hypothetical.</param>
/// <param name="Evidence">The matched text.</param>
public sealed record Finding(string ConceptId, string Label, string Kind, FindingStatus Status, EvidenceSpan Evidence);

/// <summary>The patient's age as stated.</summary>
/// <param name="Years">Age in years (fractional for infants: 6 weeks is about 0.115).</param>
/// <param name="Value">The number as written.</param>
/// <param name="Unit">years, months, weeks or days.</param>
/// <param name="Evidence">The matched text.</param>
public sealed record AgeFinding(double Years, double Value, string Unit, EvidenceSpan Evidence);

/// <summary>A numeric value (duration, severity, vital sign) with the text it came from.</summary>
/// <param name="Name">What was measured: e.g. <c>heart_rate</c>, <c>duration</c>, <c>severity</c>.</param>
/// <param name="Value">Normalised value: bpm, breaths/min, %, °C, mmHg, hours for durations, 0–10 for severity.</param>
/// <param name="Unit">Unit of <paramref name="Value"/>.</param>
/// <param name="Evidence">The matched text.</param>
public sealed record Measurement(string Name, double Value, string Unit, EvidenceSpan Evidence);

/// <summary>A case description extracted from free text.</summary>
public sealed record ExtractedCase
{
    /// <summary>First stated age, or null.</summary>
    public AgeFinding? Age { get; init; }

    /// <summary>"female", "male" or null.</summary>
    public string? Sex { get; init; }

    /// <summary>Evidence for <see cref="Sex"/>, or null.</summary>
    public EvidenceSpan? SexEvidence { get; init; }

    /// <summary>True when a current pregnancy (or the weeks after giving birth) is asserted.</summary>
    public bool Pregnant { get; init; }

    /// <summary>The first present symptom or sign, or null.</summary>
    public Finding? ChiefComplaint { get; init; }

    /// <summary>Every concept match in text order, with its context status.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>Sudden or gradual onset, when stated.</summary>
    public Finding? Onset { get; init; }

    /// <summary>Stated durations, normalised to hours.</summary>
    public IReadOnlyList<Measurement> Durations { get; init; } = [];

    /// <summary>Stated severities on a 0–10 scale (from "8/10" or words such as "severe").</summary>
    public IReadOnlyList<Measurement> Severities { get; init; } = [];

    /// <summary>Vital signs found in the text.</summary>
    public IReadOnlyList<Measurement> Vitals { get; init; } = [];

    /// <summary>Past conditions (findings with historical status, and stated conditions such as diabetes).</summary>
    public IReadOnlyList<Finding> History { get; init; } = [];

    /// <summary>Medications mentioned.</summary>
    public IReadOnlyList<Finding> Medications { get; init; } = [];

    /// <summary>Stated allergies ("allergic to penicillin").</summary>
    public IReadOnlyList<EvidenceSpan> Allergies { get; init; } = [];
}

/// <summary>The outcome of a triage assessment. Deterministic: the same input always gives an equal result.</summary>
public sealed record TriageResult
{
    /// <summary>The final acuity.</summary>
    public required Acuity Acuity { get; init; }

    /// <summary>Patient-facing advice. Never names a diagnosis; always carries the disclaimer and the emergency path.</summary>
    public required string PatientDisposition { get; init; }

    /// <summary>True when a crisis (suicide, self-harm, harm to others, abuse) was detected.</summary>
    public required bool IsCrisis { get; init; }

    /// <summary>The most urgent crisis kind detected, or null.</summary>
    public CrisisKind? Crisis { get; init; }

    /// <summary>Every rule that fired, most urgent first.</summary>
    public required IReadOnlyList<FiredRule> FiredRules { get; init; }

    /// <summary>The next questions that could change the decision, most decisive first.</summary>
    public required IReadOnlyList<MissingInformation> MissingInformation { get; init; }

    /// <summary>What the engine read from the text.</summary>
    public required ExtractedCase Case { get; init; }

    /// <summary>Engine and knowledge-base version that produced this result.</summary>
    public required string EngineVersion { get; init; }

    /// <summary>True when the input was longer than the documented cap and only its beginning was read.</summary>
    public bool InputTruncated { get; init; }
}

/// <summary>Combines the rule engine's acuity with a model's suggestion.</summary>
public static class AcuityFloor
{
    /// <summary>
    /// A model may raise the acuity (make it more urgent), never lower it below what the rules decided.
    /// </summary>
    /// <param name="rules">The acuity decided by <see cref="TriageEngine"/>.</param>
    /// <param name="model">The acuity a language model suggested, or null when there is none.</param>
    /// <returns>The more urgent of the two.</returns>
    public static Acuity Combine(Acuity rules, Acuity? model)
    {
        if (model is not { } m || !Enum.IsDefined(m))
        {
            return rules;
        }

        return (int)m < (int)rules ? m : rules;
    }
}
