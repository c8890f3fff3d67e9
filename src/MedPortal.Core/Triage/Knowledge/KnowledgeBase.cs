using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MedPortal.Core.Triage.Text;

namespace MedPortal.Core.Triage.Knowledge;

/// <summary>The reviewed clinical knowledge (embedded JSON files under Triage/Knowledge), compiled for matching.</summary>
internal sealed class KnowledgeBase
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = false,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    private KnowledgeBase(
        string version,
        IReadOnlyList<ConceptDefinition> concepts,
        IReadOnlyList<RuleDefinition> rules,
        IReadOnlyList<SelfCareRuleDefinition> selfCareRules,
        IReadOnlyList<VitalRuleDefinition> vitalRules,
        IReadOnlyList<TriggerDefinition> triggers,
        PhraseIndex conceptIndex,
        PhraseIndex excludeIndex,
        PhraseIndex triggerIndex)
    {
        ExcludeIndex = excludeIndex;
        Version = version;
        Concepts = concepts;
        Rules = rules;
        SelfCareRules = selfCareRules;
        VitalRules = vitalRules;
        Triggers = triggers;
        ConceptIndex = conceptIndex;
        TriggerIndex = triggerIndex;
        ConceptsById = concepts.ToDictionary(c => c.Id, StringComparer.Ordinal);
    }

    public string Version { get; }

    public IReadOnlyList<ConceptDefinition> Concepts { get; }

    public IReadOnlyDictionary<string, ConceptDefinition> ConceptsById { get; }

    /// <summary>Escalating rules (red flags, combinations, modifiers, crisis), most urgent first, then by id.</summary>
    public IReadOnlyList<RuleDefinition> Rules { get; }

    public IReadOnlyList<SelfCareRuleDefinition> SelfCareRules { get; }

    public IReadOnlyList<VitalRuleDefinition> VitalRules { get; }

    public IReadOnlyList<TriggerDefinition> Triggers { get; }

    /// <summary>Phrase index whose payload is the concept's position in <see cref="Concepts"/>.</summary>
    public PhraseIndex ConceptIndex { get; }

    /// <summary>Phrase index of exclusion phrases; payload is the concept's position in <see cref="Concepts"/>.</summary>
    public PhraseIndex ExcludeIndex { get; }

    /// <summary>Phrase index whose payload is the trigger's position in <see cref="Triggers"/>.</summary>
    public PhraseIndex TriggerIndex { get; }

    public static IReadOnlyList<string> ResourceNames(Assembly assembly) =>
        [.. assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Triage.Knowledge.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    public static KnowledgeBase LoadEmbedded()
    {
        var assembly = typeof(KnowledgeBase).Assembly;
        var files = new List<(string Name, string Json)>();
        foreach (var name in ResourceNames(assembly))
        {
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidDataException($"triage knowledge resource {name} could not be opened");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            files.Add((name, reader.ReadToEnd()));
        }

        return Load(files);
    }

    /// <summary>Parses and validates knowledge files; throws <see cref="InvalidDataException"/> naming the file and item at fault.</summary>
    public static KnowledgeBase Load(IReadOnlyList<(string Name, string Json)> files)
    {
        if (files.Count == 0)
        {
            throw new InvalidDataException("no triage knowledge files were found (expected embedded Triage/Knowledge/*.json)");
        }

        var concepts = new List<ConceptDefinition>();
        var rules = new List<RuleDefinition>();
        var selfCare = new List<SelfCareRuleDefinition>();
        var vitals = new List<VitalRuleDefinition>();
        var triggers = new List<TriggerDefinition>();
        var versions = new List<string>();
        var hash = new StringBuilder();

        foreach (var (name, json) in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            KnowledgeFileDto dto;
            try
            {
                dto = JsonSerializer.Deserialize<KnowledgeFileDto>(json, JsonOptions)
                    ?? throw new InvalidDataException($"{name}: empty file");
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{name}: invalid JSON: {ex.Message}", ex);
            }

            if (string.IsNullOrWhiteSpace(dto.Version))
            {
                throw new InvalidDataException($"{name}: missing \"version\"");
            }

            versions.Add(dto.Version);
            hash.Append(name).Append('\n').Append(json).Append('\n');

            foreach (var c in dto.Concepts ?? [])
            {
                concepts.Add(ConceptDefinition.From(c, name));
            }

            foreach (var r in dto.Rules ?? [])
            {
                rules.Add(RuleDefinition.From(r, name));
            }

            foreach (var r in dto.SelfCareRules ?? [])
            {
                selfCare.Add(SelfCareRuleDefinition.From(r, name));
            }

            foreach (var r in dto.VitalRules ?? [])
            {
                vitals.Add(VitalRuleDefinition.From(r, name));
            }

            foreach (var t in dto.Triggers ?? [])
            {
                triggers.Add(TriggerDefinition.From(t, name));
            }
        }

        Validate(concepts, rules, selfCare, vitals);

        // Most urgent first, then by id: the order of FiredRules never depends on file order.
        // Self-care rules keep file order (files sorted by name): the first that applies is reported.
        rules.Sort((a, b) => a.Acuity != b.Acuity ? a.Acuity.CompareTo(b.Acuity) : string.CompareOrdinal(a.Id, b.Id));
        vitals.Sort((a, b) => a.Acuity != b.Acuity ? a.Acuity.CompareTo(b.Acuity) : string.CompareOrdinal(a.Id, b.Id));

        var conceptIndex = new PhraseIndex();
        for (var i = 0; i < concepts.Count; i++)
        {
            foreach (var p in concepts[i].Patterns)
            {
                conceptIndex.Add(p, i);
            }
        }

        var excludeIndex = new PhraseIndex();
        for (var i = 0; i < concepts.Count; i++)
        {
            foreach (var p in concepts[i].Excludes)
            {
                excludeIndex.Add(p, i);
            }
        }

        var triggerIndex = new PhraseIndex();
        for (var i = 0; i < triggers.Count; i++)
        {
            foreach (var p in triggers[i].Patterns)
            {
                triggerIndex.Add(p, i);
            }
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hash.ToString())))[..12];
        var version = string.Join('+', versions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) + "/" + digest;
        return new KnowledgeBase(version, concepts, rules, selfCare, vitals, triggers, conceptIndex, excludeIndex, triggerIndex);
    }

    private static void Validate(
        List<ConceptDefinition> concepts,
        List<RuleDefinition> rules,
        List<SelfCareRuleDefinition> selfCare,
        List<VitalRuleDefinition> vitals)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in concepts)
        {
            if (!ids.Add(c.Id))
            {
                throw new InvalidDataException($"{c.File}: duplicate concept id '{c.Id}'");
            }
        }

        var ruleIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in rules.Select(r => (r.Id, r.File)).Concat(selfCare.Select(r => (r.Id, r.File))).Concat(vitals.Select(r => (r.Id, r.File))))
        {
            if (!ruleIds.Add(id.Id))
            {
                throw new InvalidDataException($"{id.File}: duplicate rule id '{id.Id}'");
            }
        }

        void Known(string conceptId, string ruleId, string file)
        {
            if (!ids.Contains(conceptId))
            {
                throw new InvalidDataException($"{file}: rule '{ruleId}' refers to unknown concept '{conceptId}'");
            }
        }

        foreach (var r in rules)
        {
            foreach (var group in r.When)
            {
                foreach (var id in group)
                {
                    Known(id, r.Id, r.File);
                }
            }
        }

        foreach (var r in selfCare)
        {
            foreach (var id in r.Allowed.Concat(r.Blockers).Concat(r.Requires.SelectMany(g => g)))
            {
                Known(id, r.Id, r.File);
            }
        }
    }
}

/// <summary>Finds every phrase of a set in a token stream, using the first word to skip most phrases.</summary>
internal sealed class PhraseIndex
{
    private readonly Dictionary<string, List<(PhrasePattern Pattern, int Payload)>> _byKey = new(StringComparer.Ordinal);
    private readonly List<(PhrasePattern Pattern, int Payload)> _always = [];

    public void Add(PhrasePattern pattern, int payload)
    {
        var keys = pattern.IndexKeys;
        if (keys.Count == 0)
        {
            _always.Add((pattern, payload));
            return;
        }

        foreach (var key in keys)
        {
            if (!_byKey.TryGetValue(key, out var list))
            {
                list = [];
                _byKey[key] = list;
            }

            list.Add((pattern, payload));
        }
    }

    /// <summary>Every (payload, first token, end token) match, in token order then payload order.</summary>
    public List<PhraseMatch> FindAll(Token[] tokens)
    {
        var matches = new List<PhraseMatch>();
        for (var i = 0; i < tokens.Length; i++)
        {
            if (_byKey.TryGetValue(PhrasePattern.KeyOf(tokens[i].Text), out var list))
            {
                foreach (var (pattern, payload) in list)
                {
                    var end = pattern.MatchAt(tokens, i);
                    if (end > i)
                    {
                        matches.Add(new PhraseMatch(payload, i, end));
                    }
                }
            }

            foreach (var (pattern, payload) in _always)
            {
                var end = pattern.MatchAt(tokens, i);
                if (end > i)
                {
                    matches.Add(new PhraseMatch(payload, i, end));
                }
            }
        }

        return matches;
    }
}

/// <summary>A phrase found at tokens [Start, End).</summary>
internal readonly record struct PhraseMatch(int Payload, int Start, int End);
