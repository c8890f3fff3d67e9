using MedPortal.Core.Triage;

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

    /// <summary>The deterministic rules' acuity after the latest patient message.</summary>
    public Acuity? RuleAcuity { get; set; }

    /// <summary>When the emergency or crisis banner was first shown; the interview stops collecting routine details after it.</summary>
    public DateTimeOffset? EmergencyShownAt { get; set; }

    /// <summary>Which engine phrased the assistant's replies: a model name, or <c>protocol</c>.</summary>
    public string? AssistantEngine { get; set; }

    /// <summary>When the patient confirmed the recap.</summary>
    public DateTimeOffset? SubmittedAt { get; set; }

    /// <summary>The messages, in order.</summary>
    public List<ConsultationMessage> Messages { get; set; } = [];
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
