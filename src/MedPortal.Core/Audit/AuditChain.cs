using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MedPortal.Core.Audit;

/// <summary>The audit log's signing rules: the canonical text of an event, its legacy SHA-256 hash and its HMAC.</summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first legacy event, and the previous link of the first seal.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Truncates to the microseconds PostgreSQL keeps, so a hash computed before storing matches after reading.</summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    /// <summary>SHA-256 (lower-case hex) over the previous hash and every field of the event but its own hash.</summary>
    /// <remarks>Rows written before 0012_audit_hmac carry only this; anyone can recompute it, so it proves nothing alone.</remarks>
    public static string ComputeHash(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var text = new StringBuilder();
        Append(text, e.PreviousHash ?? "");
        Append(text, e.Sequence.ToString(CultureInfo.InvariantCulture));
        AppendContent(text, e);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>HMAC-SHA256 over the event's sequence and content, keyed with <paramref name="key"/>.</summary>
    public static string ComputeHmac(AuditKey key, AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(e);
        return key.Sign(Canonical(e));
    }

    /// <summary>True when <see cref="AuditEvent.Hmac"/> is the HMAC of the event's sequence and content.</summary>
    public static bool HasValidHmac(AuditKey key, AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(e);
        return key.Verify(Canonical(e), e.Hmac);
    }

    /// <summary>The value a seal at <paramref name="position"/> carries: an HMAC over the event it seals and the previous link.</summary>
    /// <param name="key">The audit key.</param>
    /// <param name="position">The seal's position (1, 2, 3 …).</param>
    /// <param name="eventSequence">The sealed event's sequence.</param>
    /// <param name="eventDigest">The sealed event's HMAC (its legacy hash for rows before 0012).</param>
    /// <param name="previousChain">The previous seal's chain value, <see cref="GenesisHash"/> for position 1.</param>
    public static string ComputeSeal(AuditKey key, long position, long eventSequence, string eventDigest, string previousChain)
    {
        ArgumentNullException.ThrowIfNull(key);
        var text = new StringBuilder();
        Append(text, "audit-seal-v1");
        Append(text, position.ToString(CultureInfo.InvariantCulture));
        Append(text, eventSequence.ToString(CultureInfo.InvariantCulture));
        Append(text, eventDigest);
        Append(text, previousChain);
        return key.Sign(text.ToString());
    }

    /// <summary>What a seal signs for an event: its HMAC, or for a legacy row its SHA-256 hash.</summary>
    public static string DigestOf(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.Hmac ?? e.Hash ?? "";
    }

    private static string Canonical(AuditEvent e)
    {
        // Fields are length-prefixed so that no two different events share a canonical text; the tag separates purposes.
        var text = new StringBuilder();
        Append(text, "audit-event-v2");
        Append(text, e.Sequence.ToString(CultureInfo.InvariantCulture));
        AppendContent(text, e);
        return text.ToString();
    }

    private static void AppendContent(StringBuilder text, AuditEvent e)
    {
        Append(text, ToStoredPrecision(e.OccurredAt).UtcTicks.ToString(CultureInfo.InvariantCulture));
        Append(text, e.ActorId);
        Append(text, e.ActorRole);
        Append(text, e.Action);
        Append(text, e.ResourceType);
        Append(text, e.ResourceId);
        Append(text, e.ClientAddress ?? "");
    }

    internal static void Append(StringBuilder text, string value) =>
        text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('|');
}
