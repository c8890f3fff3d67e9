using MedPortal.Core.Triage;

namespace MedPortal.Core.Consultations.NurseQueue;

/// <summary>A nurse's decision on an assessment. The only way a disposition reaches a patient.</summary>
public sealed class NurseDecision
{
    /// <summary>Opaque identifier.</summary>
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The assessment decided (one decision each).</summary>
    public Guid AssessmentId { get; set; }

    /// <summary>The deciding nurse's user id.</summary>
    public required string NurseId { get; set; }

    /// <summary>When it was decided.</summary>
    public DateTimeOffset DecidedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>The AI acuity the nurse saw.</summary>
    public Acuity AiAcuity { get; set; }

    /// <summary>The acuity the nurse decided.</summary>
    public Acuity FinalAcuity { get; set; }

    /// <summary>True when <see cref="FinalAcuity"/> differs from <see cref="AiAcuity"/>.</summary>
    public bool Overridden { get; set; }

    /// <summary>Why the nurse overrode the AI (required for an override).</summary>
    public string? OverrideReason { get; set; }

    /// <summary>What the patient should do.</summary>
    public Disposition Disposition { get; set; }

    /// <summary>The nurse's message to the patient.</summary>
    public string MessageToPatient { get; set; } = "";
}

/// <summary>What the patient should do, as decided by a nurse.</summary>
public enum Disposition
{
    /// <summary>Call emergency services now.</summary>
    CallEmergencyServices,

    /// <summary>Go to an emergency department now.</summary>
    GoToEmergencyDepartment,

    /// <summary>See a clinician within 24 hours.</summary>
    SeeClinicianWithin24Hours,

    /// <summary>Book a routine appointment.</summary>
    BookRoutineAppointment,

    /// <summary>Self-care at home.</summary>
    SelfCare,
}
