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

    private static readonly (string Concept, Func<Measurement, bool> Met)[] Haemodynamic =
    [
        ("measured_tachycardia", v => v.Name == "heart_rate" && v.Value > 100),
        ("measured_hypotension", v => v.Name == "systolic_bp" && v.Value <= 100),
        ("severe_hypertension", v => (v.Name == "systolic_bp" && v.Value >= 180) || (v.Name == "diastolic_bp" && v.Value >= 120)),
    ];

    /// <summary>Concept id of the finding added when the pulse is at least the systolic pressure (shock index 1 or more).</summary>
    public const string ShockIndexConcept = "shock_index_high";

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
            var score = 0;
            var parameters = 0;
            Measurement? worst = null;
            var worstPoints = -1;

            void Take(string vital, Func<double, int> points)
            {
                var best = -1;
                Measurement? at = null;
                foreach (var v in vitals)
                {
                    if (v.Name == vital && points(v.Value) > best)
                    {
                        best = points(v.Value);
                        at = v;
                    }
                }

                if (at is null)
                {
                    return;
                }

                parameters++;
                score += best;
                if (best > worstPoints)
                {
                    worstPoints = best;
                    worst = at;
                }
            }

            Take("respiratory_rate", rr => rr <= 8 ? 3 : rr <= 11 ? 1 : rr <= 20 ? 0 : rr <= 24 ? 2 : 3);
            Take("spo2", s => s <= 91 ? 3 : s <= 93 ? 2 : s <= 95 ? 1 : 0);
            Take("systolic_bp", bp => bp <= 90 ? 3 : bp <= 100 ? 2 : bp <= 110 ? 1 : bp < 220 ? 0 : 3);
            Take("heart_rate", hr => hr <= 40 ? 3 : hr <= 50 ? 1 : hr <= 90 ? 0 : hr <= 110 ? 1 : hr <= 130 ? 2 : 3);
            Take("temperature", t => t <= 35.0 ? 3 : t <= 36.0 ? 1 : t <= 38.0 ? 0 : t <= 39.0 ? 1 : 2);
            if (parameters > 0 && ReducedConsciousness.Any(present.ContainsKey))
            {
                score += 3;
            }

            if (parameters > 0 && worst is { } evidence)
            {
                yield return (new Measurement("news2", score, "points", evidence.Evidence), null);
            }
        }

        // Haemodynamic findings that other rules combine with a complaint: bleeding with a fast pulse or low pressure is
        // bleeding with compromise (ESI: GI bleed with abnormal vitals is level 2); very high pressure with symptoms is a
        // possible hypertensive emergency (ACC/AHA 2017).
        if (ageYears is null or >= 12)
        {
            foreach (var (concept, met) in Haemodynamic)
            {
                foreach (var v in vitals)
                {
                    if (met(v))
                    {
                        yield return (v, concept);
                        break;
                    }
                }
            }
        }

        // Shock index (pulse / systolic pressure) of 1 or more: occult shock in bleeding and trauma (Allgöwer; ATLS).
        if (ageYears is null or >= 12)
        {
            var maxHr = vitals.Where(v => v.Name == "heart_rate").Select(v => (Measurement?)v).MaxBy(v => v!.Value);
            var minSbp = vitals.Where(v => v.Name == "systolic_bp").Select(v => (Measurement?)v).MinBy(v => v!.Value);
            if (maxHr is { } hr && minSbp is { } sbp && hr.Value >= sbp.Value)
            {
                yield return (hr, ShockIndexConcept);
            }
        }

        // SIRS: temperature > 38 or < 36 °C, heart rate > 90, respiratory rate > 20 (adult criteria; children have age-specific ones).
        if (ageYears is null or >= 16)
        {
            var criteria = 0;
            Measurement? first = null;
            void Criterion(string vital, Func<double, bool> met)
            {
                foreach (var v in vitals)
                {
                    if (v.Name == vital && met(v.Value))
                    {
                        criteria++;
                        first ??= v;
                        return;
                    }
                }
            }

            Criterion("temperature", t => t > 38.0 || t < 36.0);
            Criterion("heart_rate", hr => hr > 90);
            Criterion("respiratory_rate", rr => rr > 20);
            if (criteria >= 3 && first is { } m)
            {
                yield return (m, SirsConcept);
            }
        }
    }
}
