namespace MedPortal.Core.Identity;

/// <summary>The four roles of the portal. Role names are stored in the database: never rename one.</summary>
public static class Roles
{
    /// <summary>A patient who chats with the pre-screening assistant and sees their own consultations.</summary>
    public const string Patient = "Patient";

    /// <summary>A triage nurse who reviews preliminary assessments and decides dispositions.</summary>
    public const string Nurse = "Nurse";

    /// <summary>A clinician who edits, signs and prints patient summaries.</summary>
    public const string Clinician = "Clinician";

    /// <summary>An administrator who manages users, models and the audit log.</summary>
    public const string Admin = "Admin";

    /// <summary>Every role, in display order.</summary>
    public static readonly IReadOnlyList<string> All = [Patient, Nurse, Clinician, Admin];
}
