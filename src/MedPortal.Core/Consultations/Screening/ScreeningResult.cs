using MedPortal.Core.Triage;
using MedPortal.Core.Consultations.Interview;
using MedPortal.Core.Consultations.TextMining;

namespace MedPortal.Core.Consultations.Screening;

/// <summary>What the deterministic triage engine concluded from all of a patient's messages so far.</summary>
/// <param name="Acuity">The rules' level.</param>
/// <param name="IsCrisis">Crisis language (suicide, self-harm, harm to others, abuse) was detected.</param>
/// <param name="CrisisKind">Which crisis, for the banner's resources.</param>
/// <param name="PatientDisposition">Patient-facing text for the emergency banner (no diagnosis, with the emergency path).</param>
/// <param name="FiredRules">The rules that fired, with evidence.</param>
/// <param name="Facts">The extracted structured data.</param>
/// <param name="RedFlagQuestions">Questions that would change the decision.</param>
/// <param name="KnownSlots">Interview slots the patient already answered in passing, or that do not apply to the complaint (where a cough is felt).</param>
/// <param name="PregnancyRelevant">Whether to ask about pregnancy.</param>
/// <param name="EngineVersion">The triage engine's version.</param>
public sealed record ScreeningResult(
    Acuity Acuity,
    bool IsCrisis,
    string? CrisisKind,
    string PatientDisposition,
    IReadOnlyList<FiredRuleRecord> FiredRules,
    CaseFacts Facts,
    IReadOnlyList<InterviewSlot> RedFlagQuestions,
    IReadOnlySet<string> KnownSlots,
    bool PregnancyRelevant,
    string EngineVersion)
{
    /// <summary>True when the patient must be told to get emergency help now: level 1–2 or a crisis.</summary>
    public bool IsEmergency => IsCrisis || Acuity <= Acuity.EmergencyDepartment;

    /// <summary>
    /// True when something other than the crisis itself needs emergency care now (level 1–2 from a medical rule): a
    /// crisis alone sets level 1, so its banner must not add the medical-emergency advice.
    /// </summary>
    public bool IsMedicalEmergency => IsCrisis
        ? FiredRules.Any(r => !r.RuleId.StartsWith(CrisisRulePrefix, StringComparison.Ordinal) && r.Acuity <= (int)Acuity.EmergencyDepartment)
        : Acuity <= Acuity.EmergencyDepartment;

    /// <summary>The id prefix of the crisis rules (knowledge file crisis.json).</summary>
    public const string CrisisRulePrefix = "CR-";
}
