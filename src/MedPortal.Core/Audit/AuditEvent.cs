namespace MedPortal.Core.Audit;

/// <summary>
/// One append-only audit record: who did what to which resource, when and from where. Never holds PHI: the resource is
/// named by type and opaque id only. Each row is signed (<see cref="Hmac"/>); <see cref="AuditSeal"/> chains them.
/// </summary>
public sealed class AuditEvent
{
    /// <summary>From the <c>audit_events_seq</c> sequence: unique and rising, with gaps where a write was rolled back.</summary>
    public long Sequence { get; set; }

    /// <summary>When it happened (UTC, microsecond precision as stored by PostgreSQL).</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>The acting user's opaque id, or <c>system</c>.</summary>
    public required string ActorId { get; set; }

    /// <summary>The role the actor acted in.</summary>
    public required string ActorRole { get; set; }

    /// <summary>What was done, e.g. <c>consultation.view</c>.</summary>
    public required string Action { get; set; }

    /// <summary>The kind of resource, e.g. <c>consultation</c>.</summary>
    public required string ResourceType { get; set; }

    /// <summary>The resource's opaque id.</summary>
    public required string ResourceId { get; set; }

    /// <summary>The client's IP address, when known.</summary>
    public string? ClientAddress { get; set; }

    /// <summary>Legacy rows (before migration 0012) only: the previous row's <see cref="Hash"/>.</summary>
    public string? PreviousHash { get; set; }

    /// <summary>Legacy rows only: SHA-256 over <see cref="PreviousHash"/> and this event's content (anyone can recompute it).</summary>
    public string? Hash { get; set; }

    /// <summary>
    /// HMAC-SHA256 over <see cref="Sequence"/> and this event's content, keyed with a secret that is not in the database
    /// (<see cref="AuditKey"/>). Null only on rows written before migration 0012_audit_hmac.
    /// </summary>
    public string? Hmac { get; set; }

    /// <summary>The id of the transaction that wrote the row (set by PostgreSQL); tells the sealer when the row is final.</summary>
    public long TransactionId { get; set; }
}
