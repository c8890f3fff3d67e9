namespace MedPortal.Core.Triage.Text;

/// <summary>
/// Scores derived from measured vital signs: the NEWS2 aggregate (Royal College of Physicians 2017) and the SIRS
/// criteria (Bone et al. 1992). Missing parameters score 0, so a score is a lower bound of the true one; per parameter the
/// worst stated value counts, so adding text can only raise a score.
/// </summary>
internal static class EarlyWarningScores
{
    /// <summary>Concept id of the finding added when all three vital-sign SIRS criteria are met.</summary>
    public const string SirsConcept = "sirs_criteria";

    /// <summary>Concept id of the finding added when at least two of the vital-sign SIRS criteria are met.</summary>
    public const string SirsTwoConcept = "sirs_two_criteria";

    /// <summary>Concept id of the finding added when the pulse is at least the systolic pressure (shock index 1 or more).</summary>
    public const string ShockIndexConcept = "shock_index_high";

    /// <summary>Concept ids of the haemodynamic findings (adult thresholds).</summary>
    public const string TachycardiaConcept = "measured_tachycardia";

    /// <inheritdoc cref="TachycardiaConcept"/>
    public const string HypotensionConcept = "measured_hypotension";

    /// <inheritdoc cref="TachycardiaConcept"/>
    public const string SevereHypertensionConcept = "severe_hypertension";

    /// <summary>A stated vital sign outside the range in which a complaint can be left to self-care.</summary>
    public const string OutsideSelfCareRangeConcept = "vitals_outside_self_care_range";

    /// <summary>Name of the derived NEWS2 aggregate, read by the vital-sign rules like a measured vital.</summary>
    public const string News2Vital = "news2";

    private static readonly (string Concept, Func<Measurement, bool> Met)[] Haemodynamic =
    [
        (TachycardiaConcept, v => v.Name == "heart_rate" && v.Value > 100),
        (HypotensionConcept, v => v.Name == "systolic_bp" && v.Value <= 100),
        (SevereHypertensionConcept, v => (v.Name == "systolic_bp" && v.Value >= 180) || (v.Name == "diastolic_bp" && v.Value >= 120)),
    ];

    private static readonly (string Vital, Func<double, int> Points)[] News2Parameters =
    [
        ("respiratory_rate", rr => rr <= 8 ? 3 : rr <= 11 ? 1 : rr <= 20 ? 0 : rr <= 24 ? 2 : 3),
        ("spo2", s => s <= 91 ? 3 : s <= 93 ? 2 : s <= 95 ? 1 : 0),
        ("systolic_bp", bp => bp <= 90 ? 3 : bp <= 100 ? 2 : bp <= 110 ? 1 : bp < 220 ? 0 : 3),
        ("heart_rate", hr => hr <= 40 ? 3 : hr <= 50 ? 1 : hr <= 90 ? 0 : hr <= 110 ? 1 : hr <= 130 ? 2 : 3),
        ("temperature", t => t <= 35.0 ? 3 : t <= 36.0 ? 1 : t <= 38.0 ? 0 : t <= 39.0 ? 1 : 2),
    ];

    // SIRS: temperature > 38 or < 36 °C, heart rate > 90, respiratory rate > 20 (adult criteria; children have age-specific ones).
    private static readonly (string Vital, Func<double, int> Points)[] SirsCriteria =
    [
        ("temperature", t => t > 38.0 || t < 36.0 ? 1 : 0),
        ("heart_rate", hr => hr > 90 ? 1 : 0),
        ("respiratory_rate", rr => rr > 20 ? 1 : 0),
    ];

    private static readonly string[] ReducedConsciousness = ["confusion", "unresponsive", "reduced_consciousness"];

    public static IEnumerable<(Measurement Measurement, string? Concept)> Derive(List<Measurement> vitals, IReadOnlyDictionary<string, EvidenceSpan> present, double? ageYears)
    {
        if (vitals.Count == 0)
        {
            yield break;
        }

        // NEWS2 is validated in adults (16 and over); a case with no stated age is read as an adult, like the other adult vital rules.
        if (ageYears is null or >= 16)
        {
            var (score, parameters, worst) = Aggregate(vitals, News2Parameters);
            if (ReducedConsciousness.Any(present.ContainsKey))
            {
                score += 3;
            }

            if (parameters > 0 && worst is { } evidence)
            {
                yield return (new Measurement(News2Vital, score, "points", evidence.Evidence), null);
            }
        }

        if (ageYears is null or >= 12)
        {
            // Haemodynamic findings that other rules combine with a complaint: bleeding with a fast pulse or low pressure is
            // bleeding with compromise (ESI: GI bleed with abnormal vitals is level 2); very high pressure with symptoms is a
            // possible hypertensive emergency (ACC/AHA 2017).
            foreach (var (concept, met) in Haemodynamic)
            {
                if (vitals.Find(v => met(v)) is { } v)
                {
                    yield return (v, concept);
                }
            }

            // Shock index (pulse / systolic pressure) of 1 or more: occult shock in bleeding and trauma (Allgöwer; ATLS).
            var maxHr = vitals.Where(v => v.Name == "heart_rate").MaxBy(v => v.Value);
            var minSbp = vitals.Where(v => v.Name == "systolic_bp").MinBy(v => v.Value);
            if (maxHr is not null && minSbp is not null && maxHr.Value >= minSbp.Value)
            {
                yield return (maxHr, ShockIndexConcept);
            }
        }

        // Self-care needs normal vital signs: in adults every stated NEWS2 parameter but temperature (which the self-care
        // rules limit themselves) scores 0 (RCP 2017), and the pressure is below NICE NG136 stage 2 (160/100); at any age
        // the saturation is 96% or more.
        if (vitals.Find(v => OutsideSelfCareRange(v, ageYears)) is { } outside)
        {
            yield return (outside, OutsideSelfCareRangeConcept);
        }

        if (ageYears is null or >= 16)
        {
            var (criteria, _, first) = Aggregate(vitals, SirsCriteria, firstScoring: true);
            if (criteria >= 2 && first is { } m)
            {
                // Two criteria with an infection is sepsis by the consensus definition (SIRS 2 of 4, Bone et al. 1992);
                // all three vital-sign criteria is CTAS's "looks septic".
                yield return (m, SirsTwoConcept);
                if (criteria >= 3)
                {
                    yield return (m, SirsConcept);
                }
            }
        }
    }

    private static bool OutsideSelfCareRange(Measurement v, double? ageYears)
    {
        if (v.Name == "spo2")
        {
            return v.Value <= 95;
        }

        if (ageYears is not (null or >= 16))
        {
            return false;
        }

        if (v.Name is "systolic_bp" && v.Value >= 160 || v.Name is "diastolic_bp" && v.Value >= 100)
        {
            return true;
        }

        foreach (var (vital, points) in News2Parameters)
        {
            if (vital != "temperature" && vital == v.Name && points(v.Value) > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sums, per parameter, the points of its worst stated value. Returns the sum, how many parameters were stated,
    /// and the evidence: the measurement with the most points (or, with <paramref name="firstScoring"/>, the first one scoring).</summary>
    private static (int Score, int Parameters, Measurement? Evidence) Aggregate(List<Measurement> vitals, (string Vital, Func<double, int> Points)[] parameters, bool firstScoring = false)
    {
        var score = 0;
        var stated = 0;
        Measurement? evidence = null;
        var evidencePoints = firstScoring ? 0 : -1;
        foreach (var (vital, points) in parameters)
        {
            var best = -1;
            Measurement? at = null;
            foreach (var v in vitals)
            {
                var p = v.Name == vital ? points(v.Value) : -1;
                if (p > best)
                {
                    best = p;
                    at = v;
                }
            }

            if (at is null)
            {
                continue;
            }

            stated++;
            score += best;
            if (firstScoring ? best > 0 && evidence is null : best > evidencePoints)
            {
                evidencePoints = best;
                evidence = at;
            }
        }

        return (score, stated, evidence);
    }
}
