namespace MedPortal.Core.Notifications;

/// <summary>State of a queued email.</summary>
public enum QueuedEmailState
{
    /// <summary>Waiting to be sent (or to be retried at <see cref="QueuedEmail.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>Accepted by the SMTP relay.</summary>
    Sent,

    /// <summary>Given up after the configured number of attempts; shown to administrators.</summary>
    Failed,
}

/// <summary>
/// One email in the outbox table. It is written in the same transaction as the change it reports (a nurse's decision, a
/// registration), so a crash never loses it; the dispatcher sends it later and retries with backoff.
/// </summary>
public sealed class QueuedEmail
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }

    /// <summary>Recipient address.</summary>
    public required string ToAddress { get; set; }

    /// <summary>Template name (<see cref="EmailTemplate.Kind"/>).</summary>
    public required string Kind { get; set; }

    /// <summary>Subject line.</summary>
    public required string Subject { get; set; }

    /// <summary>Plain-text body.</summary>
    public required string Body { get; set; }

    /// <summary>Current state.</summary>
    public QueuedEmailState State { get; set; }

    /// <summary>When it was queued.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Earliest time of the next attempt.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Attempts made so far.</summary>
    public int Attempts { get; set; }

    /// <summary>When the relay accepted it.</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The last failure (an SMTP or network error; never message content).</summary>
    public string? LastError { get; set; }
}
