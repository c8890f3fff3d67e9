using System.Globalization;
using System.Text.RegularExpressions;
using MedPortal.Core.Triage;
using MedPortal.Core.Consultations.Interview;
using MedPortal.Core.Consultations.TextMining;

namespace MedPortal.Core.Consultations.Screening;

/// <summary>
/// Runs the deterministic <see cref="TriageEngine"/> over a consultation's patient messages and maps its result onto what
/// the interview, the emergency banner and the stored assessment need. No model is involved.
/// </summary>
/// <param name="engine">The rule engine (the shared default in production).</param>
public sealed partial class ConversationScreener(TriageEngine engine)
{
    /// <summary>Uses the engine over the embedded, versioned knowledge files.</summary>
    public ConversationScreener()
        : this(TriageEngine.CreateDefault())
    {
    }

    /// <summary>Assesses everything the patient has written so far.</summary>
    /// <param name="patientMessages">The patient's messages in order (evidence indexes refer to this list).</param>
    /// <param name="dateOfBirth">From the patient's profile, when known: gives the engine the age the patient did not type.</param>
    /// <param name="today">The clinic's date, for the age.</param>
    /// <returns>The rules' conclusion; never throws.</returns>
    public ScreeningResult Assess(IReadOnlyList<string> patientMessages, DateOnly? dateOfBirth, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(patientMessages);
        var profileAge = dateOfBirth is { } dob ? AgePhrase(dob, today) : null;

        // The profile age goes after the patient's own words: appended text can only add findings, so it can make the
        // result more urgent (an infant, an older adult) but never less. Evidence in it is not the patient's and is dropped.
        IReadOnlyList<string> input = profileAge is null ? patientMessages : [.. patientMessages, profileAge];
        var result = engine.Assess(input);
        var patientCount = patientMessages.Count;

        var facts = MapFacts(result.Case, patientMessages, dateOfBirth, today);
        var redFlagQuestions = result.MissingInformation
            .Where(m => m.Key.StartsWith("red_flag.", StringComparison.Ordinal))
            .Select(m => new InterviewSlot(m.Key, m.Question))
            .ToList();

        return new ScreeningResult(
            result.Acuity,
            result.IsCrisis,
            result.Crisis?.ToString(),
            result.PatientDisposition,
            result.FiredRules
                .Select(r => new FiredRuleRecord(
                    r.RuleId,
                    r.Description,
                    (int)r.Acuity,
                    r.Source,
                    r.Evidence.Where(e => e.MessageIndex < patientCount).Select(e => new EvidenceRecord(e.MessageIndex, e.Start, e.Length, e.Text)).ToList()))
                .ToList(),
            facts,
            redFlagQuestions,
            KnownSlots(result.Case, facts, patientMessages),
            PregnancyRelevant(facts, result.Case),
            result.EngineVersion);
    }

    private static string? AgePhrase(DateOnly dateOfBirth, DateOnly today)
    {
        if (dateOfBirth > today)
        {
            return null;
        }
        var days = today.DayNumber - dateOfBirth.DayNumber;
        if (days < 31)
        {
            return string.Create(CultureInfo.InvariantCulture, $"The patient is {days} days old.");
        }
        var months = ((today.Year - dateOfBirth.Year) * 12) + today.Month - dateOfBirth.Month - (today.Day < dateOfBirth.Day ? 1 : 0);
        if (months < 24)
        {
            return string.Create(CultureInfo.InvariantCulture, $"The patient is {months} months old.");
        }
        return string.Create(CultureInfo.InvariantCulture, $"The patient is {months / 12} years old.");
    }

    private static CaseFacts MapFacts(ExtractedCase found, IReadOnlyList<string> patientMessages, DateOnly? dateOfBirth, DateOnly today)
    {
        var patientCount = patientMessages.Count;
        bool Patients(EvidenceSpan e) => e.MessageIndex < patientCount;

        double? age = found.Age is { } a && Patients(a.Evidence) ? a.Years : null;
        if (age is null && dateOfBirth is { } dob && dob <= today)
        {
            age = Math.Round((today.DayNumber - dob.DayNumber) / 365.25, 2);
        }

        var present = found.Findings.Where(f => f.Status == FindingStatus.Present && Patients(f.Evidence) && IsComplaintKind(f.Kind)).ToList();
        var allText = string.Join("\n", patientMessages);
        return new CaseFacts
        {
            AgeYears = age,
            Sex = found.Sex,
            Pregnant = found.Pregnant ? true : null,
            ChiefComplaint = found.ChiefComplaint is { } cc && Patients(cc.Evidence) ? cc.Label : null,
            Onset = found.Onset?.Evidence.Text,
            Duration = found.Durations.FirstOrDefault(d => Patients(d.Evidence))?.Evidence.Text,
            Severity = found.Severities.Where(s => Patients(s.Evidence)).Select(s => (int?)Math.Round(s.Value)).Max(),
            Symptoms = present.Select(f => f.Label).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            DeniedSymptoms = found.Findings.Where(f => f.Status == FindingStatus.Negated && Patients(f.Evidence)).Select(f => f.Label).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            Vitals = found.Vitals.Where(v => Patients(v.Evidence))
                .GroupBy(v => v.Name, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Evidence.Text, StringComparer.Ordinal),
            History = found.History.Where(f => Patients(f.Evidence)).Select(f => f.Label).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            Medications = found.Medications.Where(f => Patients(f.Evidence)).Select(f => f.Evidence.Text)
                .Concat(MedicationMentions.Find(patientMessages)).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            Allergies = found.Allergies.Where(Patients).Select(e => e.Text).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
            NoKnownAllergies = found.Allergies.Count == 0 && NoAllergies().IsMatch(allText),
        };
    }

    private static bool IsComplaintKind(string kind) => kind is "symptom" or "sign" or "injury" or "exposure" or "state";

    private static HashSet<string> KnownSlots(ExtractedCase found, CaseFacts facts, IReadOnlyList<string> patientMessages)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        // "Where exactly do you feel it?" is asked only of a complaint that has a place (pain, swelling, a rash, an
        // injury) and only until the patient has named one ("on the right side", "in my lower back").
        if (!found.Findings.Any(f => f.Status == FindingStatus.Present && f.Evidence.MessageIndex < patientMessages.Count && LocatedConcept().IsMatch(f.ConceptId))
            || patientMessages.Any(m => PlaceNamed().IsMatch(m)))
        {
            known.Add("location");
        }
        if (facts.ChiefComplaint is not null)
        {
            known.Add("complaint");
        }
        if (facts.Onset is not null || facts.Duration is not null)
        {
            known.Add("onset");
        }
        if (facts.Severity is not null)
        {
            known.Add("severity");
        }
        if (facts.Symptoms.Count >= 2 || facts.DeniedSymptoms.Count > 0)
        {
            known.Add("associated");
        }
        if (facts.Medications.Count > 0)
        {
            known.Add("medications");
        }
        if (facts.Allergies.Count > 0 || facts.NoKnownAllergies)
        {
            known.Add("allergies");
        }
        if (facts.History.Count > 0)
        {
            known.Add("conditions");
        }
        if (found.Pregnant || facts.Sex == "male" || facts.AgeYears is < 10 or > 55)
        {
            known.Add("pregnancy");
        }
        if (facts.AgeYears is not null)
        {
            known.Add("age");
        }
        return known;
    }

    private static bool PregnancyRelevant(CaseFacts facts, ExtractedCase found)
    {
        if (facts.Sex == "male" || facts.AgeYears is < 10 or > 55)
        {
            return false;
        }
        // It changes the decision (or the advice on medicines) for these complaints; for a cold it is only noise.
        return found.Pregnant || found.Findings.Any(f => f.Status == FindingStatus.Present && PregnancyConcept().IsMatch(f.ConceptId));
    }

    [GeneratedRegex(@"pain|ache|swell|lump|rash|itch|injur|wound|cut|laceration|burn|bruis|sprain|fracture|bite|sting|red_eye|numb|tingl", RegexOptions.CultureInvariant)]
    private static partial Regex LocatedConcept();

    // A side or a position names the place; so does a small part ("my knee"). A wide region alone ("my tummy", "my
    // head") does not: where in it matters (the right lower belly, one side of the head).
    [GeneratedRegex(@"\b(left|right|both sides|one side|on the side|middle of|centre of|center of|front of|back of|at the (front|back|side|top|bottom)|behind (my|the|his|her)|under (my|the|his|her)|above (my|the|his|her)|below (my|the|his|her)|all over|everywhere|upper|lower|(my|his|her|the|their) (\w+ )?(forehead|temple|eye|eyes|ear|ears|jaw|neck|throat|breast|ribs|spine|shoulder|arm|elbow|wrist|hand|finger|thumb|groin|hip|pelvis|bottom|leg|thigh|knee|shin|calf|ankle|foot|feet|toe|toes|mouth|tooth|teeth|gum|gums|nose|scalp|lip|lips|tongue))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PlaceNamed();

    [GeneratedRegex(@"abdom|pelvi|vagin|bleed|nause|vomit|urin|back_pain|headache|dizz|faint|syncope|swelling|oedema|edema|fever", RegexOptions.CultureInvariant)]
    private static partial Regex PregnancyConcept();

    [GeneratedRegex(@"\b(no|not any|don'?t have any|do not have any)\s+(known\s+)?(drug\s+|medicine\s+|medication\s+)?allerg|\bnot allergic to anything\b|\bnkda\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NoAllergies();
}
