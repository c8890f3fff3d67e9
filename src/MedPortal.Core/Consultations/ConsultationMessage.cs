namespace MedPortal.Core.Consultations;

/// <summary>One message in a consultation (PHI).</summary>
public sealed class ConsultationMessage
{
    /// <summary>Opaque identifier.</summary>
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The consultation it belongs to.</summary>
    public Guid ConsultationId { get; set; }

    /// <summary>1, 2, 3 … within the consultation: the display order.</summary>
    public int Sequence { get; set; }

    /// <summary>Who wrote it.</summary>
    public MessageAuthor Author { get; set; }

    /// <summary>For a care-team message: the writer's user id (shown as their name); null for the patient, the assistant and the portal.</summary>
    public string? AuthorId { get; set; }

    /// <summary>The text as written (shown as text or sanitised markdown, never raw HTML).</summary>
    public string Content { get; set; } = "";

    /// <summary>When it was stored.</summary>
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Whether an assistant reply finished.</summary>
    public MessageState State { get; set; } = MessageState.Complete;

    /// <summary>
    /// The browser's id for a patient message, so that a re-sent message (after a dropped connection) is stored once.
    /// </summary>
    public Guid? ClientMessageId { get; set; }

    /// <summary>For an assistant question: the interview slot it asked (see <see cref="Interview.InterviewProtocol"/>).</summary>
    public string? Slot { get; set; }
}

/// <summary>Who wrote a message.</summary>
public enum MessageAuthor
{
    /// <summary>The patient.</summary>
    Patient,

    /// <summary>The AI assistant or the protocol.</summary>
    Assistant,

    /// <summary>The triage nurse (the decision message).</summary>
    Nurse,

    /// <summary>The portal itself (e.g. the emergency notice).</summary>
    System,
}

/// <summary>Whether a message is whole.</summary>
public enum MessageState
{
    /// <summary>Finished.</summary>
    Complete,

    /// <summary>An assistant reply still streaming.</summary>
    Streaming,

    /// <summary>Stopped, failed or cut by a restart: the text is partial and the patient may retry.</summary>
    Incomplete,
}
