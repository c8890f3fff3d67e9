namespace MedPortal.Core.Documents.Jobs;

/// <summary>
/// One persisted piece of background work on a document (table <c>document_jobs</c>). Ids, counts and fixed messages only:
/// no file name, no text.
/// </summary>
public sealed class DocumentJob
{
    /// <summary>The job.</summary>
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The document it works on.</summary>
    public Guid DocumentId { get; set; }

    /// <summary>The document's consultation (live events and the page's list go by it).</summary>
    public Guid ConsultationId { get; set; }

    /// <summary>What the job does.</summary>
    public DocumentJobKind Kind { get; set; }

    /// <summary>Where it stands.</summary>
    public DocumentJobState State { get; set; }

    /// <summary>0 to 100.</summary>
    public int Progress { get; set; }

    /// <summary>What it is doing now, in a few words for people (e.g. "Reading page 3 of 12").</summary>
    public string? Stage { get; set; }

    /// <summary>How many times a worker has started it (a worker that died counts).</summary>
    public int Attempts { get; set; }

    /// <summary>Why it failed, for people; a fixed message, never document text.</summary>
    public string? ErrorReason { get; set; }

    /// <summary>Someone asked a running job to stop; its worker stops at the next page or heartbeat.</summary>
    public bool CancelRequested { get; set; }

    /// <summary>When the job was made.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it last entered the queue (made, retried or re-queued after its worker died).</summary>
    public DateTimeOffset QueuedAt { get; set; }

    /// <summary>When its current (or last) run started.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When it reached succeeded, failed or cancelled.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The worker holding it while it runs (instance and worker number).</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>When the lease runs out unless renewed: after that another worker may take the job.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>When the worker last renewed the lease.</summary>
    public DateTimeOffset? HeartbeatAt { get; set; }

    /// <summary>True once nothing more will happen without a retry.</summary>
    public bool IsFinished => State is DocumentJobState.Succeeded or DocumentJobState.Failed or DocumentJobState.Cancelled;
}

/// <summary>What a document job does. A new kind (OCR of scans, transcription of recordings) is a new value here and a case in <see cref="DocumentJobRunner"/>.</summary>
public enum DocumentJobKind
{
    /// <summary>Read the text layer of a PDF or the body of a Word document into passages.</summary>
    ExtractText,
}

/// <summary>Where a document job stands.</summary>
public enum DocumentJobState
{
    /// <summary>Waiting for a worker.</summary>
    Queued,

    /// <summary>A worker holds its lease and is working on it.</summary>
    Running,

    /// <summary>Done; the result is stored.</summary>
    Succeeded,

    /// <summary>Given up; <see cref="DocumentJob.ErrorReason"/> says why.</summary>
    Failed,

    /// <summary>Stopped on request before it finished.</summary>
    Cancelled,
}
