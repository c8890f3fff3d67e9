using MedPortal.Core.Triage.Text;

namespace MedPortal.Core.Triage.Knowledge;

// JSON shapes of the knowledge files (see docs/triage.md) and their validated, compiled forms.

internal sealed class KnowledgeFileDto
{
    public string? Version { get; set; }

    public string? Description { get; set; }

    public List<ConceptDto>? Concepts { get; set; }

    public List<RuleDto>? Rules { get; set; }

    public List<SelfCareRuleDto>? SelfCareRules { get; set; }

    public List<VitalRuleDto>? VitalRules { get; set; }

    public List<TriggerDto>? Triggers { get; set; }
}

internal sealed class ConceptDto
{
    public string? Id { get; set; }

    public string? Label { get; set; }

    public string? Kind { get; set; }

    public List<string>? Phrases { get; set; }

    /// <summary>Phrases that cancel an overlapping match of this concept ("can't breathe through my nose").</summary>
    public List<string>? Exclude { get; set; }

    /// <summary>Context kinds that do not apply to this concept (crisis statements are often phrased as wishes: "would be better off without me").</summary>
    public List<string>? IgnoreContext { get; set; }

    /// <summary>For severity words: the 0–10 value they stand for.</summary>
    public double? Severity { get; set; }

    /// <summary>For onset words: "sudden" or "gradual".</summary>
    public string? Onset { get; set; }
}

internal sealed class AgeRangeDto
{
    public double? MinYears { get; set; }

    public double? MaxYears { get; set; }
}

internal sealed class QuestionDto
{
    public string? Key { get; set; }

    public string? Text { get; set; }
}

internal sealed class RuleDto
{
    public string? Id { get; set; }

    public string? Description { get; set; }

    public int Acuity { get; set; }

    public string? Source { get; set; }

    /// <summary>Every entry must be present; an entry "a|b" is satisfied by either concept.</summary>
    public List<string>? When { get; set; }

    public AgeRangeDto? Age { get; set; }

    public bool? Pregnant { get; set; }

    public string? Sex { get; set; }

    public double? MinSeverity { get; set; }

    /// <summary>Minimum pain score stated on the 0-10 scale ("pain 9/10"); words such as "really bad" do not count.</summary>
    public double? MinPainScore { get; set; }

    public double? MinDurationDays { get; set; }

    public double? MaxDurationDays { get; set; }

    public string? Crisis { get; set; }

    public List<QuestionDto>? Questions { get; set; }
}

internal sealed class SelfCareRuleDto
{
    public string? Id { get; set; }

    public string? Description { get; set; }

    public string? Source { get; set; }

    public List<string>? Allowed { get; set; }

    public List<string>? Blockers { get; set; }

    /// <summary>The complaints that define the minor condition: groups of "a|b" alternatives, each group needing one present concept.</summary>
    public List<string>? Requires { get; set; }

    public AgeRangeDto? Age { get; set; }

    public bool? NotPregnant { get; set; }

    public double? MaxDurationDays { get; set; }

    public double? MaxSeverity { get; set; }

    public double? MaxTemperatureC { get; set; }
}

internal sealed class VitalRuleDto
{
    public string? Id { get; set; }

    public string? Description { get; set; }

    public int Acuity { get; set; }

    public string? Source { get; set; }

    public string? Vital { get; set; }

    public double? Above { get; set; }

    public double? Below { get; set; }

    public AgeRangeDto? Age { get; set; }

    public bool AppliesWhenAgeUnknown { get; set; }
}

internal sealed class TriggerDto
{
    public string? Type { get; set; }

    public string? Direction { get; set; }

    public int Window { get; set; }

    public List<string>? Phrases { get; set; }

    /// <summary>For terminators: the trigger types whose scope they end (all when omitted).</summary>
    public List<string>? AppliesTo { get; set; }

    /// <summary>When true the trigger governs only concept phrases that lie inside it, which an ordinary trigger never does ("I'm allergic to" makes the "allergic to" inside it history).</summary>
    public bool Covering { get; set; }
}

internal enum TriggerType
{
    Negated,
    Historical,
    OtherPerson,
    Hypothetical,
    Pseudo,
    Terminator,
}

internal sealed record ConceptDefinition(
    string Id,
    string Label,
    string Kind,
    IReadOnlyList<PhrasePattern> Patterns,
    IReadOnlyList<PhrasePattern> Excludes,
    IReadOnlySet<FindingStatus> IgnoredContext,
    double? Severity,
    string? Onset,
    string File)
{
    private static readonly string[] Kinds = ["symptom", "sign", "condition", "medication", "exposure", "injury", "state", "modifier", "general", "crisis", "risk"];

    /// <summary>Modifiers ("severe"), general complaints ("tired") and risk context ("brought in by ambulance") are not complaints of their own.</summary>
    public bool IsNeutral => Kind is "modifier" or "general" or "risk";

    /// <summary>Risk context (arrival by ambulance, sent in by a doctor, …) rules out every self-care rule.</summary>
    public bool BlocksSelfCare => Kind is "risk";

    public static ConceptDefinition From(ConceptDto dto, string file)
    {
        var id = Required(dto.Id, file, "concept id");
        var kind = Required(dto.Kind, file, $"kind of concept '{id}'");
        if (!Kinds.Contains(kind, StringComparer.Ordinal))
        {
            throw new InvalidDataException($"{file}: concept '{id}' has unknown kind '{kind}'");
        }

        if (dto.Phrases is not { Count: > 0 })
        {
            throw new InvalidDataException($"{file}: concept '{id}' has no phrases");
        }

        var patterns = new List<PhrasePattern>();
        foreach (var phrase in dto.Phrases.SelectMany(PhrasePattern.Expand))
        {
            try
            {
                patterns.Add(PhrasePattern.Parse(phrase));
            }
            catch (FormatException ex)
            {
                throw new InvalidDataException($"{file}: concept '{id}': {ex.Message}", ex);
            }
        }

        var excludes = new List<PhrasePattern>();
        foreach (var phrase in (dto.Exclude ?? []).SelectMany(PhrasePattern.Expand))
        {
            try
            {
                excludes.Add(PhrasePattern.Parse(phrase));
            }
            catch (FormatException ex)
            {
                throw new InvalidDataException($"{file}: concept '{id}' exclude: {ex.Message}", ex);
            }
        }

        var ignored = new HashSet<FindingStatus>();
        foreach (var name in dto.IgnoreContext ?? [])
        {
            ignored.Add(ParseStatus(name, file, id));
        }

        if (dto.Onset is not (null or "sudden" or "gradual"))
        {
            throw new InvalidDataException($"{file}: concept '{id}' has unknown onset '{dto.Onset}'");
        }

        return new ConceptDefinition(id, dto.Label ?? id.Replace('_', ' '), kind, patterns, excludes, ignored, dto.Severity, dto.Onset, file);
    }

    private static FindingStatus ParseStatus(string name, string file, string id) => name switch
    {
        "negated" => FindingStatus.Negated,
        "historical" => FindingStatus.Historical,
        "otherPerson" => FindingStatus.OtherPerson,
        "hypothetical" => FindingStatus.Hypothetical,
        _ => throw new InvalidDataException($"{file}: concept '{id}' ignores unknown context '{name}'"),
    };

    internal static string Required(string? value, string file, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidDataException($"{file}: missing {what}") : value;

    internal static Acuity ParseAcuity(int value, string file, string id) =>
        value is >= 1 and <= 5 ? (Acuity)value : throw new InvalidDataException($"{file}: rule '{id}' has acuity {value}; expected 1–5");
}

internal sealed record AgeRange(double? MinYears, double? MaxYears)
{
    public static AgeRange? From(AgeRangeDto? dto) => dto is null ? null : new AgeRange(dto.MinYears, dto.MaxYears);

    /// <summary>Min inclusive, max exclusive.</summary>
    public bool Contains(double years) => (MinYears is not { } min || years >= min) && (MaxYears is not { } max || years < max);
}

internal sealed record QuestionDefinition(string Key, string Text);

internal sealed record RuleDefinition(
    string Id,
    string Description,
    Acuity Acuity,
    string Source,
    IReadOnlyList<IReadOnlyList<string>> When,
    AgeRange? Age,
    bool? Pregnant,
    string? Sex,
    double? MinSeverity,
    double? MinPainScore,
    double? MinDurationHours,
    double? MaxDurationHours,
    CrisisKind? Crisis,
    IReadOnlyList<QuestionDefinition> Questions,
    string File)
{
    public static RuleDefinition From(RuleDto dto, string file)
    {
        var id = ConceptDefinition.Required(dto.Id, file, "rule id");
        if (dto.When is not { Count: > 0 })
        {
            throw new InvalidDataException($"{file}: rule '{id}' has no \"when\" concepts");
        }

        if (dto.Acuity == (int)Triage.Acuity.SelfCare)
        {
            throw new InvalidDataException($"{file}: rule '{id}' sets self-care; lowering rules belong in selfCareRules");
        }

        CrisisKind? crisis = dto.Crisis switch
        {
            null => null,
            "suicide" => CrisisKind.Suicide,
            "selfHarm" => CrisisKind.SelfHarm,
            "harmToOthers" => CrisisKind.HarmToOthers,
            "abuse" => CrisisKind.Abuse,
            _ => throw new InvalidDataException($"{file}: rule '{id}' has unknown crisis kind '{dto.Crisis}'"),
        };

        if (dto.Pregnant == false)
        {
            throw new InvalidDataException($"{file}: rule '{id}' requires \"pregnant\": false; escalating rules may only require facts to be present");
        }

        if (dto.Sex is not (null or "male" or "female"))
        {
            throw new InvalidDataException($"{file}: rule '{id}' has unknown sex '{dto.Sex}'");
        }

        var questions = (dto.Questions ?? [])
            .Select(q => new QuestionDefinition(
                ConceptDefinition.Required(q.Key, file, $"question key in rule '{id}'"),
                ConceptDefinition.Required(q.Text, file, $"question text in rule '{id}'")))
            .ToList();

        return new RuleDefinition(
            id,
            ConceptDefinition.Required(dto.Description, file, $"description of rule '{id}'"),
            ConceptDefinition.ParseAcuity(dto.Acuity, file, id),
            ConceptDefinition.Required(dto.Source, file, $"source of rule '{id}'"),
            [.. dto.When.Select(g => (IReadOnlyList<string>)g.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
            AgeRange.From(dto.Age),
            dto.Pregnant,
            dto.Sex,
            dto.MinSeverity,
            dto.MinPainScore,
            dto.MinDurationDays * 24,
            dto.MaxDurationDays * 24,
            crisis,
            questions,
            file);
    }
}

internal sealed record SelfCareRuleDefinition(
    string Id,
    string Description,
    string Source,
    IReadOnlySet<string> Allowed,
    IReadOnlyList<string> Blockers,
    IReadOnlyList<IReadOnlyList<string>> Requires,
    AgeRange? Age,
    bool NotPregnant,
    double? MaxDurationHours,
    double? MaxSeverity,
    double? MaxTemperatureC,
    string File)
{
    public static SelfCareRuleDefinition From(SelfCareRuleDto dto, string file)
    {
        var id = ConceptDefinition.Required(dto.Id, file, "self-care rule id");
        if (dto.Allowed is not { Count: > 0 })
        {
            throw new InvalidDataException($"{file}: self-care rule '{id}' allows no concepts");
        }

        return new SelfCareRuleDefinition(
            id,
            ConceptDefinition.Required(dto.Description, file, $"description of rule '{id}'"),
            ConceptDefinition.Required(dto.Source, file, $"source of rule '{id}'"),
            new HashSet<string>(dto.Allowed, StringComparer.Ordinal),
            dto.Blockers ?? [],
            [.. (dto.Requires ?? []).Select(g => (IReadOnlyList<string>)g.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
            AgeRange.From(dto.Age),
            dto.NotPregnant ?? false,
            dto.MaxDurationDays * 24,
            dto.MaxSeverity,
            dto.MaxTemperatureC,
            file);
    }
}

internal sealed record VitalRuleDefinition(
    string Id,
    string Description,
    Acuity Acuity,
    string Source,
    string Vital,
    double? Above,
    double? Below,
    AgeRange? Age,
    bool AppliesWhenAgeUnknown,
    string File)
{
    private static readonly string[] Vitals = ["heart_rate", "respiratory_rate", "spo2", "temperature", "systolic_bp", "diastolic_bp", "gcs", "glucose", "news2", "shock_index"];

    public static VitalRuleDefinition From(VitalRuleDto dto, string file)
    {
        var id = ConceptDefinition.Required(dto.Id, file, "vital rule id");
        var vital = ConceptDefinition.Required(dto.Vital, file, $"vital of rule '{id}'");
        if (!Vitals.Contains(vital, StringComparer.Ordinal))
        {
            throw new InvalidDataException($"{file}: vital rule '{id}' names unknown vital '{vital}'");
        }

        if (dto.Above is null == dto.Below is null)
        {
            throw new InvalidDataException($"{file}: vital rule '{id}' needs exactly one of \"above\" or \"below\"");
        }

        return new VitalRuleDefinition(
            id,
            ConceptDefinition.Required(dto.Description, file, $"description of rule '{id}'"),
            ConceptDefinition.ParseAcuity(dto.Acuity, file, id),
            ConceptDefinition.Required(dto.Source, file, $"source of rule '{id}'"),
            vital,
            dto.Above,
            dto.Below,
            AgeRange.From(dto.Age),
            dto.AppliesWhenAgeUnknown,
            file);
    }

    /// <summary>Strictly above / strictly below.</summary>
    public bool Matches(double value) => Above is { } a ? value > a : value < Below!.Value;
}

internal sealed record TriggerDefinition(TriggerType Type, bool Backward, int Window, IReadOnlyList<PhrasePattern> Patterns, IReadOnlySet<TriggerType>? AppliesTo, string File, bool Covering = false)
{
    public static TriggerDefinition From(TriggerDto dto, string file)
    {
        var type = dto.Type switch
        {
            "negated" => TriggerType.Negated,
            "historical" => TriggerType.Historical,
            "otherPerson" => TriggerType.OtherPerson,
            "hypothetical" => TriggerType.Hypothetical,
            "pseudo" => TriggerType.Pseudo,
            "terminator" => TriggerType.Terminator,
            _ => throw new InvalidDataException($"{file}: unknown trigger type '{dto.Type}'"),
        };

        var backward = dto.Direction switch
        {
            null or "forward" => false,
            "backward" => true,
            _ => throw new InvalidDataException($"{file}: unknown trigger direction '{dto.Direction}'"),
        };

        if (dto.Phrases is not { Count: > 0 })
        {
            throw new InvalidDataException($"{file}: a {dto.Type} trigger has no phrases");
        }

        var patterns = new List<PhrasePattern>();
        foreach (var phrase in dto.Phrases.SelectMany(PhrasePattern.Expand))
        {
            try
            {
                patterns.Add(PhrasePattern.Parse(phrase));
            }
            catch (FormatException ex)
            {
                throw new InvalidDataException($"{file}: trigger: {ex.Message}", ex);
            }
        }

        HashSet<TriggerType>? appliesTo = null;
        if (dto.AppliesTo is { Count: > 0 })
        {
            if (type != TriggerType.Terminator)
            {
                throw new InvalidDataException($"{file}: only terminators take \"appliesTo\"");
            }

            appliesTo = [];
            foreach (var name in dto.AppliesTo)
            {
                appliesTo.Add(name switch
                {
                    "negated" => TriggerType.Negated,
                    "historical" => TriggerType.Historical,
                    "otherPerson" => TriggerType.OtherPerson,
                    "hypothetical" => TriggerType.Hypothetical,
                    _ => throw new InvalidDataException($"{file}: unknown trigger type '{name}' in appliesTo"),
                });
            }
        }

        if (dto.Covering && type is TriggerType.Pseudo or TriggerType.Terminator)
        {
            throw new InvalidDataException($"{file}: only negated, historical, otherPerson and hypothetical triggers take \"covering\"");
        }

        return new TriggerDefinition(type, backward, dto.Window > 0 ? dto.Window : 8, patterns, appliesTo, file, dto.Covering);
    }
}
