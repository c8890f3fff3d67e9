using MedPortal.Core.Triage;

namespace MedPortal.Core.Consultations.NurseQueue;

/// <summary>
/// The preliminary assessment a finished consultation becomes: what the rules (and a model, when ready) concluded, for a
/// nurse to accept or override. Never shown to the patient.
/// </summary>
public sealed class PreliminaryAssessment
{
    /// <summary>Opaque identifier.</summary>
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The consultation assessed (one assessment each).</summary>
    public Guid ConsultationId { get; set; }

    /// <summary>The patient's user id (denormalised for the queue).</summary>
    public required string PatientId { get; set; }

    /// <summary>When the patient confirmed the recap and the case entered the queue.</summary>
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>The AI acuity shown to the nurse: the rules' level, raised (never lowered) by a model.</summary>
    public Acuity AiAcuity { get; set; }

    /// <summary>The deterministic rules' level alone.</summary>
    public Acuity RuleAcuity { get; set; }

    /// <summary>A model's suggested level, when one was ready.</summary>
    public Acuity? ModelAcuity { get; set; }

    /// <summary>True when crisis language was detected.</summary>
    public bool IsCrisis { get; set; }

    /// <summary>The rules that fired, with evidence spans (JSON).</summary>
    public string FiredRulesJson { get; set; } = "[]";

    /// <summary>The structured data extracted from the conversation (JSON).</summary>
    public string ExtractedJson { get; set; } = "{}";

    /// <summary>The plain-language recap the patient confirmed.</summary>
    public string Recap { get; set; } = "";

    /// <summary>A short AI rationale, when a model was ready.</summary>
    public string? Rationale { get; set; }

    /// <summary>Triage engine version and model name, for provenance.</summary>
    public string Provenance { get; set; } = "";

    /// <summary>Where the case stands in the queue.</summary>
    public AssessmentStatus Status { get; set; } = AssessmentStatus.Waiting;

    /// <summary>The nurse who claimed it.</summary>
    public string? ClaimedBy { get; set; }

    /// <summary>When it was claimed.</summary>
    public DateTimeOffset? ClaimedAt { get; set; }

    /// <summary>Optimistic concurrency: every change increments it, and a change made from a stale copy fails.</summary>
    public int Version { get; set; }

    /// <summary>The nurse's decision, once made.</summary>
    public NurseDecision? Decision { get; set; }
}

/// <summary>Where an assessment stands in the queue.</summary>
public enum AssessmentStatus
{
    /// <summary>Waiting for a nurse.</summary>
    Waiting,

    /// <summary>A nurse is reviewing it.</summary>
    Claimed,

    /// <summary>Decided.</summary>
    Decided,
}
