using MedPortal.Core.Triage.Knowledge;

namespace MedPortal.Core.Triage.Text;

/// <summary>
/// ConText/NegEx-style assignment of a status to each concept match: a trigger ("denies", "history of",
/// "mother had", "if") governs the words after it (or before it, for backward triggers such as "years ago")
/// up to its window, the end of the sentence, or a terminator ("but", "now", "presents").
/// </summary>
internal static class ContextAnalyzer
{
    public static List<TriggerHit> FindTriggers(KnowledgeBase knowledge, Token[] tokens)
    {
        var raw = knowledge.TriggerIndex.FindAll(tokens);
        var hits = new List<TriggerHit>(raw.Count);
        var pseudo = new List<PhraseMatch>();
        foreach (var m in raw)
        {
            if (knowledge.Triggers[m.Payload].Type == TriggerType.Pseudo)
            {
                pseudo.Add(m);
            }
        }

        foreach (var m in raw)
        {
            var def = knowledge.Triggers[m.Payload];
            if (def.Type == TriggerType.Pseudo)
            {
                continue;
            }

            var suppressed = false;
            if (def.Type != TriggerType.Terminator)
            {
                foreach (var p in pseudo)
                {
                    if (p.Start < m.End && m.Start < p.End)
                    {
                        suppressed = true;
                        break;
                    }
                }
            }

            if (!suppressed)
            {
                hits.Add(new TriggerHit(def.Type, def.Backward, def.Window, m.Start, m.End, def.AppliesTo, def.Covering));
            }
        }

        // A trigger inside a longer trigger of another kind yields to it ("history of" inside "family history of").
        hits.RemoveAll(h => h.Type != TriggerType.Terminator && hits.Exists(o =>
            o.Type != TriggerType.Terminator && o.Type != h.Type && o.Start <= h.Start && o.End >= h.End && o.End - o.Start > h.End - h.Start));
        return hits;
    }

    public static FindingStatus Classify(int start, int end, ConceptDefinition concept, Token[] tokens, List<TriggerHit> triggers)
    {
        var sentence = tokens[start].Sentence;
        var best = FindingStatus.Present;
        var bestDistance = int.MaxValue;
        foreach (var t in triggers)
        {
            var overlaps = t.Start < end && start < t.End;
            if (t.Type == TriggerType.Terminator || overlaps && !t.Covering || t.Covering && !(t.Start <= start && end <= t.End))
            {
                continue;
            }

            var status = t.Type switch
            {
                TriggerType.Negated => FindingStatus.Negated,
                TriggerType.Historical => FindingStatus.Historical,
                TriggerType.OtherPerson => FindingStatus.OtherPerson,
                TriggerType.Hypothetical => FindingStatus.Hypothetical,
                TriggerType.Pseudo or TriggerType.Terminator => FindingStatus.Present,
            };

            if (concept.IgnoredContext.Contains(status))
            {
                continue;
            }

            int distance;
            if (overlaps)
            {
                // A covering trigger states the status of a phrase inside it and of nothing else ("I'm allergic to" is history,
                // not an exposure, while "I'm allergic to nuts, lips swelling" keeps the swelling present).
                distance = 0;
            }
            else if (!t.Backward)
            {
                if (t.End > start || tokens[t.End - 1].Sentence != sentence)
                {
                    continue;
                }

                distance = start - t.End;
                if (distance > t.Window || TerminatedBetween(triggers, t.Type, t.End, start))
                {
                    continue;
                }
            }
            else
            {
                if (t.Start < end || tokens[t.Start].Sentence != sentence)
                {
                    continue;
                }

                distance = t.Start - end;
                if (distance > t.Window || TerminatedBetween(triggers, t.Type, end, t.Start))
                {
                    continue;
                }
            }

            if (distance < bestDistance || distance == bestDistance && status < best)
            {
                best = status;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static bool TerminatedBetween(List<TriggerHit> triggers, TriggerType type, int from, int to)
    {
        foreach (var t in triggers)
        {
            if (t.Type == TriggerType.Terminator && t.Start >= from && t.End <= to && (t.AppliesTo is null || t.AppliesTo.Contains(type)))
            {
                return true;
            }
        }

        return false;
    }
}

internal readonly record struct TriggerHit(TriggerType Type, bool Backward, int Window, int Start, int End, IReadOnlySet<TriggerType>? AppliesTo, bool Covering = false);
