namespace MedPortal.Core.Triage;

/// <summary>Five triage levels; a lower number is more urgent. Levels 1–2 evaluate as <c>em</c>, 3–4 as <c>ne</c>, 5 as <c>sc</c>.</summary>
public enum Acuity
{
    /// <summary>Call emergency services now.</summary>
    Emergency = 1,

    /// <summary>Go to an emergency department now.</summary>
    EmergencyDepartment = 2,

    /// <summary>See a clinician within 24 hours.</summary>
    Urgent = 3,

    /// <summary>Book a routine appointment.</summary>
    Routine = 4,

    /// <summary>Self-care at home, with what to watch for.</summary>
    SelfCare = 5,
}
