namespace MedPortal.Core.Identity;

/// <summary>Authorization policy names. Every page and endpoint names one of these.</summary>
public static class Policies
{
    /// <summary>Signed-in patients only.</summary>
    public const string Patient = "patient";

    /// <summary>Nurses (and nothing else) may triage.</summary>
    public const string Nurse = "nurse";

    /// <summary>Clinicians may open summaries.</summary>
    public const string Clinician = "clinician";

    /// <summary>Nurses and clinicians: staff who may read any patient's consultations.</summary>
    public const string ClinicalStaff = "clinical-staff";

    /// <summary>Administrators.</summary>
    public const string Admin = "admin";

    /// <summary>Any signed-in user.</summary>
    public const string SignedIn = "signed-in";
}
