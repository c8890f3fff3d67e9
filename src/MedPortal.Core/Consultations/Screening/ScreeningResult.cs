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
/// <param name="KnownSlots">Interview slots the patient already answered in passing.</param>
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
}
