using MedPortal.Core.Telemetry;
using MedPortal.Core.Triage.Knowledge;
using MedPortal.Core.Triage.Text;

namespace MedPortal.Core.Triage;

/// <summary>
/// Deterministic rule-based triage: free text in, acuity out. A pure function of what the patient wrote and of the
/// embedded, versioned knowledge files; no model, no database, no logging of text. Thread-safe and reusable.
/// </summary>
/// <remarks>
/// Input is capped: at most <see cref="MaxMessages"/> messages, the first <see cref="MaxCharsPerMessage"/> characters
/// of each and <see cref="MaxTotalChars"/> in all are read; the rest is ignored and <see cref="TriageResult.InputTruncated"/> is set.
/// Appending text to a case (as a new line or message) never makes the result less urgent: added text can only add
/// findings, escalating rules only need findings to be present, and self-care rules only apply when every finding is
/// one they allow.
/// </remarks>
public sealed class TriageEngine
{
    /// <summary>Messages beyond this count are ignored.</summary>
    public const int MaxMessages = 64;

    /// <summary>Characters read from each message.</summary>
    public const int MaxCharsPerMessage = 16_384;

    /// <summary>Characters read across all messages.</summary>
    public const int MaxTotalChars = 65_536;

    private const string EngineRelease = "1.0.0";
    private const int MaxQuestions = 6;

    private static readonly Lazy<TriageEngine> DefaultEngine = new(() => new TriageEngine(KnowledgeBase.LoadEmbedded()), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly KnowledgeBase _knowledge;
    private readonly WordLexicon _lexicon;

    internal TriageEngine(KnowledgeBase knowledge)
    {
        _knowledge = knowledge;
        _lexicon = BuildLexicon(knowledge);
        Version = $"medportal-triage/{EngineRelease} knowledge/{knowledge.Version}";
    }

    /// <summary>Engine release and knowledge-base version (file versions plus a content hash).</summary>
    public string Version { get; }

    /// <summary>The shared engine over the embedded knowledge files (loaded once, on first use).</summary>
    /// <exception cref="InvalidDataException">The embedded knowledge files are invalid (a build defect, caught by the tests).</exception>
    public static TriageEngine CreateDefault() => DefaultEngine.Value;

    /// <summary>Assesses one free-text description (first-person or a clinical vignette).</summary>
    /// <param name="patientText">Any text; null or empty yields a defined "insufficient information" result.</param>
    /// <returns>The assessment; never throws.</returns>
    public TriageResult Assess(string patientText) => Assess([patientText ?? string.Empty]);

    /// <summary>Assesses one free-text description and also returns the normalised text the engine read (for review tools).</summary>
    /// <param name="patientText">Any text; null is read as empty.</param>
    /// <returns>The normalised text and the assessment; never throws.</returns>
    public TriageExplanation Explain(string patientText)
    {
        var text = patientText ?? string.Empty;
        var normalized = new List<string>(1);
        try
        {
            var result = AssessCore([text], normalized);
            return new TriageExplanation(normalized.Count > 0 ? normalized[0] : text, result);
        }
#pragma warning disable CA1031 // Same contract as Assess: a defect must not crash a review tool either.
        catch (Exception)
#pragma warning restore CA1031
        {
            return new TriageExplanation(normalized.Count > 0 ? normalized[0] : text, Fallback());
        }
    }

    /// <summary>Assesses all of a patient's messages in a conversation, in order. Evidence spans carry the message index.</summary>
    /// <param name="patientMessages">The patient's messages; null entries are read as empty.</param>
    /// <returns>The assessment; never throws.</returns>
    public TriageResult Assess(IReadOnlyList<string> patientMessages)
    {
        using var span = MedPortalTelemetry.StartSpan("triage.assess");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = AssessGuarded(patientMessages);
        MedPortalTelemetry.RecordTriage(System.Diagnostics.Stopwatch.GetElapsedTime(started), (int)result.Acuity);
        return result;
    }

    private TriageResult AssessGuarded(IReadOnlyList<string> patientMessages)
    {
        try
        {
            return AssessCore(patientMessages ?? []);
        }
#pragma warning disable CA1031 // The engine must return a defined, safe result for any input; an internal defect escalates rather than crashes the chat.
        catch (Exception)
#pragma warning restore CA1031
        {
            return Fallback();
        }
    }

    private TriageResult AssessCore(IReadOnlyList<string> input, List<string>? normalizedTexts = null)
    {
        var messages = Cap(input, out var truncated);
        var findings = new List<Finding>();
        var durations = new List<Measurement>();
        var severities = new List<Measurement>();
        var vitals = new List<Measurement>();
        var allergies = new List<EvidenceSpan>();
        AgeFinding? age = null;
        (string Sex, EvidenceSpan Evidence)? sex = null;

        for (var mi = 0; mi < messages.Count; mi++)
        {
            var message = messages[mi];
            if (message.Length == 0)
            {
                continue;
            }

            // Tokens and measurements read the normalised text; every evidence span is mapped back to the message as written.
            var normalized = TextNormalizer.Normalize(message, _lexicon);
            normalizedTexts?.Add(normalized.Text);
            var tokens = Tokenizer.Tokenize(normalized.Text);
            var triggers = ContextAnalyzer.FindTriggers(_knowledge, tokens);
            var excluded = _knowledge.ExcludeIndex.FindAll(tokens);
            foreach (var m in DistinctMatches(_knowledge.ConceptIndex.FindAll(tokens)))
            {
                if (excluded.Exists(x => x.Payload == m.Payload && x.Start < m.End && m.Start < x.End))
                {
                    continue;
                }

                var concept = _knowledge.Concepts[m.Payload];
                var status = ContextAnalyzer.Classify(m.Start, m.End, concept, tokens, triggers);
                var start = tokens[m.Start].Start;
                var evidence = normalized.Span(mi, start, tokens[m.End - 1].End - start);
                findings.Add(new Finding(concept.Id, concept.Label, concept.Kind, status, evidence));
                if (status == FindingStatus.Present && concept.Severity is { } severity)
                {
                    severities.Add(new Measurement("severity", severity, "word", evidence));
                }
            }

            var lower = normalized.Text.ToLowerInvariant();
            age ??= MeasurementExtractor.FindAge(lower, mi, normalized);
            sex ??= MeasurementExtractor.FindSex(lower, mi, normalized);
            MeasurementExtractor.FindDurations(lower, mi, normalized, durations);
            MeasurementExtractor.FindSeverities(lower, mi, normalized, severities);
            MeasurementExtractor.FindVitals(lower, mi, normalized, vitals);
            MeasurementExtractor.FindAllergies(lower, mi, normalized, allergies);
        }

        // A measured fever is a fever even when the word is missing ("temp 38.6").
        if (_knowledge.ConceptsById.TryGetValue("fever", out var feverConcept))
        {
            foreach (var t in vitals)
            {
                if (t.Name == "temperature" && t.Value >= 38.0)
                {
                    findings.Add(new Finding(feverConcept.Id, feverConcept.Label, feverConcept.Kind, FindingStatus.Present, t.Evidence));
                    break;
                }
            }
        }

        var present = new Dictionary<string, EvidenceSpan>(StringComparer.Ordinal);
        foreach (var f in findings)
        {
            if (f.Status == FindingStatus.Present)
            {
                present.TryAdd(f.ConceptId, f.Evidence);
            }
        }

        // Scores derived from the measured vitals (NEWS2 aggregate, SIRS criteria) become vitals and findings of their own,
        // so that rules can use them like anything the patient said. Each score takes, per parameter, the worst value stated,
        // so added text can only raise it.
        // Materialised first: Derive reads the vitals lazily and this loop appends the NEWS2 score to them.
        foreach (var derived in EarlyWarningScores.Derive(vitals, present, age?.Years).ToList())
        {
            if (derived.Concept is { } conceptId && _knowledge.ConceptsById.TryGetValue(conceptId, out var concept))
            {
                findings.Add(new Finding(concept.Id, concept.Label, concept.Kind, FindingStatus.Present, derived.Measurement.Evidence));
                present.TryAdd(concept.Id, derived.Measurement.Evidence);
            }
            else
            {
                vitals.Add(derived.Measurement);
            }
        }

        var facts = new CaseFacts(
            present,
            age?.Years,
            sex?.Sex,
            present.ContainsKey("pregnancy"),
            severities.Count == 0 ? null : severities.Max(s => s.Value),
            severities.Where(s => s.Unit == "/10").Select(s => (double?)s.Value).Max(),
            durations.Select(d => d.Value).ToList(),
            vitals);

        var fired = new List<FiredRule>();
        foreach (var rule in _knowledge.Rules)
        {
            if (Fires(rule, facts, out var evidence))
            {
                fired.Add(new FiredRule(rule.Id, rule.Description, rule.Acuity, rule.Source, evidence));
            }
        }

        foreach (var rule in _knowledge.VitalRules)
        {
            if (FiresVital(rule, facts) is { } evidence)
            {
                fired.Add(new FiredRule(rule.Id, rule.Description, rule.Acuity, rule.Source, [evidence]));
            }
        }

        fired.Sort((a, b) => a.Acuity != b.Acuity ? a.Acuity.CompareTo(b.Acuity) : string.CompareOrdinal(a.RuleId, b.RuleId));

        var hasFindings = present.Keys.Any(id => !_knowledge.ConceptsById[id].IsNeutral);
        Acuity acuity;
        if (fired.Count > 0)
        {
            acuity = fired[0].Acuity;
        }
        else if (hasFindings && FirstSelfCare(facts) is { } selfCare)
        {
            acuity = Acuity.SelfCare;
            fired.Add(selfCare);
        }
        else
        {
            acuity = Acuity.Routine;
        }

        CrisisKind? crisis = null;
        foreach (var rule in _knowledge.Rules)
        {
            if (rule.Crisis is { } kind && fired.Exists(f => f.RuleId == rule.Id) && (crisis is null || kind < crisis))
            {
                crisis = kind;
            }
        }

        var extracted = BuildCase(findings, age, sex, facts.Pregnant, durations, severities, vitals, allergies);
        return new TriageResult
        {
            Acuity = acuity,
            IsCrisis = crisis is not null,
            Crisis = crisis,
            FiredRules = fired,
            MissingInformation = Questions(facts, acuity, fired, hasFindings),
            Case = extracted,
            PatientDisposition = PatientDispositionText.For(acuity, crisis, hasFindings || fired.Count > 0),
            EngineVersion = Version,
            InputTruncated = truncated,
        };
    }

    private static WordLexicon BuildLexicon(KnowledgeBase knowledge)
    {
        var lexicon = new WordLexicon();
        var patterns = knowledge.Concepts.SelectMany(c => c.Patterns.Concat(c.Excludes)).Concat(knowledge.Triggers.SelectMany(t => t.Patterns));
        foreach (var pattern in patterns)
        {
            foreach (var (word, prefix) in pattern.Words())
            {
                lexicon.Add(word, prefix);
            }
        }

        return lexicon;
    }

    private static List<string> Cap(IReadOnlyList<string> input, out bool truncated)
    {
        truncated = input.Count > MaxMessages;
        var messages = new List<string>(Math.Min(input.Count, MaxMessages));
        var budget = MaxTotalChars;
        for (var i = 0; i < input.Count && i < MaxMessages; i++)
        {
            var text = input[i] ?? string.Empty;
            var limit = Math.Min(MaxCharsPerMessage, budget);
            if (text.Length > limit)
            {
                truncated = true;
                if (limit > 0 && char.IsHighSurrogate(text[limit - 1]))
                {
                    limit--;
                }

                text = text[..limit];
            }

            budget -= text.Length;
            messages.Add(text);
        }

        return messages;
    }

    /// <summary>One match per concept per overlapping region: the earliest, then the longest.</summary>
    private static List<PhraseMatch> DistinctMatches(List<PhraseMatch> matches)
    {
        matches.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Payload != b.Payload ? a.Payload.CompareTo(b.Payload) : b.End.CompareTo(a.End));
        var kept = new List<PhraseMatch>(matches.Count);
        foreach (var m in matches)
        {
            var overlaps = false;
            for (var k = kept.Count - 1; k >= 0; k--)
            {
                var other = kept[k];
                if (other.Payload == m.Payload && other.Start < m.End && m.Start < other.End)
                {
                    overlaps = true;
                    break;
                }
            }

            if (!overlaps)
            {
                kept.Add(m);
            }
        }

        return kept;
    }

    private static bool Fires(RuleDefinition rule, CaseFacts facts, out List<EvidenceSpan> evidence)
    {
        evidence = [];
        foreach (var group in rule.When)
        {
            EvidenceSpan? hit = null;
            foreach (var id in group)
            {
                if (facts.Present.TryGetValue(id, out var span))
                {
                    hit = span;
                    break;
                }
            }

            if (hit is null)
            {
                return false;
            }

            if (!evidence.Contains(hit))
            {
                evidence.Add(hit);
            }
        }

        // Unknown facts never satisfy a condition of an escalating rule, so stating them can only add rules.
        if (rule.Age is { } range && (facts.AgeYears is not { } years || !range.Contains(years)))
        {
            return false;
        }

        if (rule.Pregnant == true && !facts.Pregnant)
        {
            return false;
        }

        if (rule.Sex is { } sex && facts.Sex != sex)
        {
            return false;
        }

        if (rule.MinSeverity is { } minSeverity && (facts.MaxSeverity is not { } s || s < minSeverity))
        {
            return false;
        }

        if (rule.MinPainScore is { } minScore && (facts.MaxPainScore is not { } score || score < minScore))
        {
            return false;
        }

        if (rule.MinDurationHours is { } minHours && !facts.DurationsHours.Exists(d => d >= minHours))
        {
            return false;
        }

        if (rule.MaxDurationHours is { } maxHours && !facts.DurationsHours.Exists(d => d <= maxHours))
        {
            return false;
        }

        return true;
    }

    private static EvidenceSpan? FiresVital(VitalRuleDefinition rule, CaseFacts facts)
    {
        if (rule.Age is { } range)
        {
            var applies = facts.AgeYears is { } years ? range.Contains(years) : rule.AppliesWhenAgeUnknown;
            if (!applies)
            {
                return null;
            }
        }

        foreach (var v in facts.Vitals)
        {
            if (v.Name == rule.Vital && rule.Matches(v.Value))
            {
                return v.Evidence;
            }
        }

        return null;
    }

    private FiredRule? FirstSelfCare(CaseFacts facts)
    {
        foreach (var rule in _knowledge.SelfCareRules)
        {
            if (SelfCareApplies(rule, facts) is { } evidence)
            {
                return new FiredRule(rule.Id, rule.Description, Acuity.SelfCare, rule.Source, evidence);
            }
        }

        return null;
    }

    private List<EvidenceSpan>? SelfCareApplies(SelfCareRuleDefinition rule, CaseFacts facts)
    {
        var evidence = new List<EvidenceSpan>();
        foreach (var (id, span) in facts.Present)
        {
            if (_knowledge.ConceptsById[id].IsNeutral)
            {
                continue;
            }

            if (!rule.Allowed.Contains(id))
            {
                return null;
            }

            evidence.Add(span);
        }

        // Self-care needs the complaint that defines the minor condition ("a headache" alone is not a cold),
        // and no risk context (arrival by ambulance, sent in by a doctor) at all.
        foreach (var group in rule.Requires)
        {
            if (!group.Any(facts.Present.ContainsKey))
            {
                return null;
            }
        }

        foreach (var id in facts.Present.Keys)
        {
            if (_knowledge.ConceptsById[id].BlocksSelfCare)
            {
                return null;
            }
        }

        foreach (var blocker in rule.Blockers)
        {
            if (facts.Present.ContainsKey(blocker))
            {
                return null;
            }
        }

        // Unknown facts do not block a lowering rule; stated facts can only block it.
        if (rule.Age is { } range && facts.AgeYears is { } years && !range.Contains(years))
        {
            return null;
        }

        if (rule.NotPregnant && facts.Pregnant)
        {
            return null;
        }

        if (rule.MaxDurationHours is { } maxHours && facts.DurationsHours.Exists(d => d > maxHours))
        {
            return null;
        }

        if (rule.MaxSeverity is { } maxSeverity && facts.MaxSeverity is { } s && s > maxSeverity)
        {
            return null;
        }

        if (rule.MaxTemperatureC is { } maxTemp && facts.Vitals.Exists(v => v.Name == "temperature" && v.Value > maxTemp))
        {
            return null;
        }

        evidence.Sort((a, b) => a.MessageIndex != b.MessageIndex ? a.MessageIndex.CompareTo(b.MessageIndex) : a.Start.CompareTo(b.Start));
        return evidence;
    }

    private List<MissingInformation> Questions(CaseFacts facts, Acuity acuity, List<FiredRule> fired, bool hasFindings)
    {
        var questions = new List<MissingInformation>();
        var keys = new HashSet<string>(StringComparer.Ordinal);

        void Add(string key, string text)
        {
            if (questions.Count < MaxQuestions && keys.Add(key))
            {
                questions.Add(new MissingInformation(key, text));
            }
        }

        if (!hasFindings)
        {
            Add("case.chief_complaint", "What is the main symptom or problem you would like help with?");
        }

        foreach (var rule in _knowledge.Rules)
        {
            if (rule.Acuity >= acuity || rule.Questions.Count == 0 || fired.Exists(f => f.RuleId == rule.Id))
            {
                continue;
            }

            var satisfied = rule.When.Count(g => g.Any(facts.Present.ContainsKey));
            if (satisfied > 0 && satisfied < rule.When.Count)
            {
                foreach (var q in rule.Questions)
                {
                    Add(q.Key, q.Text);
                }
            }
        }

        if (facts.AgeYears is null && acuity > Acuity.EmergencyDepartment)
        {
            Add("case.age", "How old is the person who is unwell?");
        }

        if (hasFindings && facts.DurationsHours.Count == 0 && acuity > Acuity.EmergencyDepartment)
        {
            Add("case.duration", "When did this start?");
        }

        if (hasFindings && facts.MaxSeverity is null && acuity > Acuity.EmergencyDepartment)
        {
            Add("case.severity", "On a scale of 0 to 10, how bad is it right now?");
        }

        return questions;
    }

    private ExtractedCase BuildCase(
        List<Finding> findings,
        AgeFinding? age,
        (string Sex, EvidenceSpan Evidence)? sex,
        bool pregnant,
        List<Measurement> durations,
        List<Measurement> severities,
        List<Measurement> vitals,
        List<EvidenceSpan> allergies)
    {
        findings.Sort((a, b) =>
            a.Evidence.MessageIndex != b.Evidence.MessageIndex ? a.Evidence.MessageIndex.CompareTo(b.Evidence.MessageIndex)
            : a.Evidence.Start != b.Evidence.Start ? a.Evidence.Start.CompareTo(b.Evidence.Start)
            : string.CompareOrdinal(a.ConceptId, b.ConceptId));

        Finding? chief = null;
        Finding? onset = null;
        var history = new List<Finding>();
        var medications = new List<Finding>();
        foreach (var f in findings)
        {
            if (chief is null && f.Status == FindingStatus.Present && f.Kind is "symptom" or "sign" or "injury" or "exposure" or "crisis")
            {
                chief = f;
            }

            if (onset is null && f.Status == FindingStatus.Present && _knowledge.ConceptsById[f.ConceptId].Onset is not null)
            {
                onset = f;
            }

            if (f.Status == FindingStatus.Historical || (f.Status == FindingStatus.Present && f.Kind == "condition"))
            {
                history.Add(f);
            }

            if (f.Kind == "medication" && f.Status is FindingStatus.Present or FindingStatus.Historical)
            {
                medications.Add(f);
            }
        }

        static List<Measurement> Ordered(List<Measurement> list) =>
            [.. list.OrderBy(m => m.Evidence.MessageIndex).ThenBy(m => m.Evidence.Start).ThenBy(m => m.Name, StringComparer.Ordinal)];

        return new ExtractedCase
        {
            Age = age,
            Sex = sex?.Sex,
            SexEvidence = sex?.Evidence,
            Pregnant = pregnant,
            ChiefComplaint = chief,
            Findings = findings,
            Onset = onset,
            Durations = Ordered(durations),
            Severities = Ordered(severities),
            Vitals = Ordered(vitals),
            History = history,
            Medications = medications,
            Allergies = allergies,
        };
    }

    private TriageResult Fallback() => new()
    {
        Acuity = Acuity.Urgent,
        IsCrisis = false,
        FiredRules = [new FiredRule("ENGINE-FALLBACK", "The text could not be assessed automatically; a clinician should review it today.", Acuity.Urgent, "MedPortal safety policy", [])],
        MissingInformation = [new MissingInformation("case.chief_complaint", "What is the main symptom or problem you would like help with?")],
        Case = new ExtractedCase(),
        PatientDisposition = PatientDispositionText.For(Acuity.Urgent, null, true),
        EngineVersion = Version,
    };

    private sealed record CaseFacts(
        Dictionary<string, EvidenceSpan> Present,
        double? AgeYears,
        string? Sex,
        bool Pregnant,
        double? MaxSeverity,
        double? MaxPainScore,
        List<double> DurationsHours,
        List<Measurement> Vitals);
}
