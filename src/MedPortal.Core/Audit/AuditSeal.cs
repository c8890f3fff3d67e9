namespace MedPortal.Core.Audit;

/// <summary>
/// One link of the sealed chain: <see cref="AuditSealer"/> gives each committed audit event a gap-free position, and
/// <see cref="Chain"/> is an HMAC over the position, the event's sequence and signature, and the previous link.
/// </summary>
public sealed class AuditSeal
{
    /// <summary>1, 2, 3 … with no gaps.</summary>
    public long Position { get; set; }

    /// <summary>The sealed event's <see cref="AuditEvent.Sequence"/>.</summary>
    public long EventSequence { get; set; }

    /// <summary>Every committed event whose transaction id is below this is sealed at or before this position.</summary>
    public long Horizon { get; set; }

    /// <summary>When the sealer wrote the link.</summary>
    public DateTimeOffset SealedAt { get; set; }

    /// <summary>HMAC-SHA256 (lower-case hex) linking this position to the previous one.</summary>
    public required string Chain { get; set; }
}
