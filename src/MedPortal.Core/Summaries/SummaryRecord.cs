using MedPortal.Core.Consultations;
using MedPortal.Core.Consultations.NurseQueue;
using MedPortal.Core.Consultations.TextMining;

namespace MedPortal.Core.Summaries;

/// <summary>Everything stored about one consultation that a summary may draw on. Nothing else may appear in a draft.</summary>
/// <param name="PatientId">The patient's user id.</param>
/// <param name="PatientName">Display name.</param>
/// <param name="DateOfBirth">From the profile, when known.</param>
/// <param name="Consultation">The consultation with its messages in order.</param>
/// <param name="Assessment">The preliminary assessment, when the patient submitted.</param>
/// <param name="Facts">The structured data the triage engine extracted (empty when not submitted).</param>
/// <param name="FiredRules">The rules that fired, with evidence.</param>
/// <param name="Decision">The nurse's decision, when made.</param>
/// <param name="NurseName">The deciding nurse's name, when known.</param>
public sealed record SummaryRecord(
    string PatientId,
    string PatientName,
    DateOnly? DateOfBirth,
    Consultation Consultation,
    PreliminaryAssessment? Assessment,
    CaseFacts Facts,
    IReadOnlyList<FiredRuleRecord> FiredRules,
    NurseDecision? Decision,
    string? NurseName)
{
    /// <summary>The patient's messages, in order (evidence indexes refer to this list).</summary>
    public IReadOnlyList<ConsultationMessage> PatientMessages { get; } =
        Consultation.Messages.Where(m => m.Author == MessageAuthor.Patient).OrderBy(m => m.Sequence).ToList();

    /// <summary>The identifier line printed on every page: name, date of birth, MedPortal number.</summary>
    public string IdentifierLine =>
        $"{PatientName} · DOB {(DateOfBirth is { } dob ? Clinic.ClinicTime.FormatDate(dob) : "not recorded")} · MRN {MedicalRecordNumber}";

    /// <summary>A short, stable patient number derived from the user id (no PHI).</summary>
    public string MedicalRecordNumber => "MP-" + PatientId.Replace("-", "", StringComparison.Ordinal)[..Math.Min(10, PatientId.Replace("-", "", StringComparison.Ordinal).Length)].ToUpperInvariant();
}

/// <summary>How far a draft has come.</summary>
/// <param name="Done">Steps done.</param>
/// <param name="Total">Steps in all.</param>
/// <param name="Stage">What is happening, for the progress bar.</param>
public sealed record DraftProgress(int Done, int Total, string Stage)
{
    /// <summary>0–100.</summary>
    public double Percent => Total == 0 ? 100 : 100.0 * Done / Total;
}

/// <summary>Writes the sections of a summary from a <see cref="SummaryRecord"/>.</summary>
public interface ISummaryDrafter
{
    /// <summary>Name and version, recorded as the summary's drafter and each section's source.</summary>
    string Name { get; }

    /// <summary>Drafts every section.</summary>
    /// <param name="record">The stored record.</param>
    /// <param name="progress">Receives progress over long records.</param>
    /// <param name="cancellationToken">Cancels drafting.</param>
    Task<IReadOnlyList<SummarySection>> DraftAsync(SummaryRecord record, IProgress<DraftProgress>? progress, CancellationToken cancellationToken);
}

/// <summary>The section keys and headings, in print order.</summary>
public static class SummarySections
{
    /// <summary>Patient identifiers.</summary>
    public const string Identifiers = "identifiers";

    /// <summary>Reason for contact and history of the presenting complaint.</summary>
    public const string Presenting = "presenting";

    /// <summary>Red flags found, with evidence.</summary>
    public const string RedFlags = "red_flags";

    /// <summary>AI acuity against the nurse's decision.</summary>
    public const string Triage = "triage";

    /// <summary>Medications.</summary>
    public const string Medications = "medications";

    /// <summary>Allergies.</summary>
    public const string Allergies = "allergies";

    /// <summary>Relevant history.</summary>
    public const string History = "history";

    /// <summary>Disposition and plan.</summary>
    public const string Plan = "plan";

    /// <summary>Provenance.</summary>
    public const string Provenance = "provenance";

    /// <summary>Key → heading, in order.</summary>
    public static readonly IReadOnlyList<(string Key, string Title)> All =
    [
        (Identifiers, "Patient identifiers"),
        (Presenting, "Reason for contact and history of the presenting complaint"),
        (RedFlags, "Red flags found"),
        (Triage, "Triage: AI acuity and nurse decision"),
        (Medications, "Medications"),
        (Allergies, "Allergies"),
        (History, "Relevant history"),
        (Plan, "Disposition and plan"),
        (Provenance, "Provenance"),
    ];

    /// <summary>The heading of a key.</summary>
    public static string Title(string key) => All.First(s => s.Key == key).Title;
}
