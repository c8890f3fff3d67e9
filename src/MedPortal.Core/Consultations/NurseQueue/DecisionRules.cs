using MedPortal.Core.Triage;

namespace MedPortal.Core.Consultations.NurseQueue;

/// <summary>
/// The checks a nurse's decision must pass, as pure functions: the decision form shows every problem at once with
/// them, and <see cref="NurseReview.DecideAsync"/> refuses a decision that fails one.
/// </summary>
public static class DecisionRules
{
    /// <summary>The problem with the override reason, or null when there is none.</summary>
    /// <param name="aiAcuity">The AI's acuity.</param>
    /// <param name="finalAcuity">The acuity the nurse chose; a different one is an override and needs a reason.</param>
    /// <param name="reason">The reason given, if any.</param>
    public static string? OverrideReasonProblem(Acuity aiAcuity, Acuity finalAcuity, string? reason)
    {
        var trimmed = reason?.Trim() ?? "";
        if (finalAcuity != aiAcuity && trimmed.Length == 0)
        {
            return "You changed the AI's acuity: give a reason for the override.";
        }
        return trimmed.Length > NurseReview.MaxReasonLength
            ? $"The override reason is {trimmed.Length:N0} characters; the limit is {NurseReview.MaxReasonLength:N0}."
            : null;
    }

    /// <summary>The problem with the message to the patient, or null when there is none.</summary>
    public static string? MessageProblem(string? message)
    {
        var trimmed = message?.Trim() ?? "";
        return trimmed.Length == 0 ? "Write a message to the patient: it is what they will read."
            : trimmed.Length > NurseReview.MaxMessageLength ? $"The message to the patient is {trimmed.Length:N0} characters; the limit is {NurseReview.MaxMessageLength:N0}."
            : null;
    }

    /// <summary>The problem when no disposition was chosen.</summary>
    public const string MissingDisposition = "Choose a disposition: it tells the patient what to do.";

    /// <summary>The acuity level whose usual disposition this is (see <see cref="DispositionText.For"/>).</summary>
    public static Acuity UrgencyOf(Disposition disposition) => disposition switch
    {
        Disposition.CallEmergencyServices => Acuity.Emergency,
        Disposition.GoToEmergencyDepartment => Acuity.EmergencyDepartment,
        Disposition.SeeClinicianWithin24Hours => Acuity.Urgent,
        Disposition.BookRoutineAppointment => Acuity.Routine,
        Disposition.SelfCare => Acuity.SelfCare,
        _ => throw new ArgumentOutOfRangeException(nameof(disposition), disposition, "Unknown disposition."),
    };

    /// <summary>
    /// Whether a disposition fits an acuity level: it fits only when it is that level's usual disposition. Any other
    /// pair (a routine level with "see a clinician within 24 hours", an emergency level with self-care) may be right,
    /// but only when the nurse confirms it.
    /// </summary>
    /// <returns>The mismatch to show, or null when they fit.</returns>
    public static DispositionMismatch? Mismatch(Acuity acuity, Disposition disposition)
    {
        var urgency = UrgencyOf(disposition);
        return urgency == acuity ? null : new DispositionMismatch(acuity, disposition, DispositionText.For(acuity), urgency > acuity);
    }
}

/// <summary>A disposition that is not the usual one for the chosen acuity level.</summary>
/// <param name="Acuity">The chosen acuity.</param>
/// <param name="Disposition">The chosen disposition.</param>
/// <param name="Usual">The level's usual disposition.</param>
/// <param name="LessUrgent">True when the disposition tells the patient to wait longer than the level allows.</param>
public sealed record DispositionMismatch(Acuity Acuity, Disposition Disposition, Disposition Usual, bool LessUrgent)
{
    /// <summary>What the nurse reads before confirming.</summary>
    public string Message =>
        $"Acuity {DispositionText.Label(Acuity)} usually means “{DispositionText.Title(Usual)}”, but the disposition is “{DispositionText.Title(Disposition)}”, " +
        (LessUrgent ? "which is less urgent: the patient would wait longer than this level allows." : "which is more urgent than this level.");

    /// <summary>What the nurse ticks to confirm the pair.</summary>
    public const string ConfirmationLabel = "I have checked: this disposition is right for this patient.";

    /// <summary>The problem shown while the pair is not confirmed.</summary>
    public const string Unconfirmed = "The acuity and the disposition do not match: confirm the disposition or change it.";
}
