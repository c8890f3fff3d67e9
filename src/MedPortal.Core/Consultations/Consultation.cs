namespace MedPortal.Core.Consultations;

/// <summary>One pre-screening conversation of one patient, from the first message to the nurse's decision.</summary>
public sealed class Consultation
{
    /// <summary>Opaque identifier; safe to log.</summary>
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The patient's user id.</summary>
    public required string PatientId { get; set; }

    /// <summary>When the patient started the consultation.</summary>
    public DateTimeOffset StartedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Where the consultation stands.</summary>
    public ConsultationStatus Status { get; set; } = ConsultationStatus.InProgress;

    /// <summary>The chief complaint in the patient's words, once known (PHI).</summary>
    public string? ChiefComplaint { get; set; }
}

/// <summary>The life cycle of a consultation.</summary>
public enum ConsultationStatus
{
    /// <summary>The patient is still chatting.</summary>
    InProgress,

    /// <summary>The patient confirmed the recap; a preliminary assessment waits for a nurse.</summary>
    AwaitingTriage,

    /// <summary>A nurse decided the disposition.</summary>
    Triaged,
}
