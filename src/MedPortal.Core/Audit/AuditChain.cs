using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MedPortal.Core.Audit;

/// <summary>The audit log's signing rules: the canonical text of an event, its legacy SHA-256 hash and its HMAC.</summary>
public static class AuditChain
{
    /// <summary>The previous hash (and previous HMAC) of the first event.</summary>
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

    /// <summary>HMAC-SHA256 over the event's sequence, <paramref name="previousHmac"/> and its content, keyed with <paramref name="key"/>.</summary>
    public static string ComputeHmac(AuditKey key, AuditEvent e, string previousHmac)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(e);
        return key.Sign(Canonical(e, previousHmac));
    }

    /// <summary>True when <see cref="AuditEvent.Hmac"/> is the HMAC of the event after <paramref name="previousHmac"/>.</summary>
    public static bool HasValidHmac(AuditKey key, AuditEvent e, string previousHmac)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(e);
        return key.Verify(Canonical(e, previousHmac), e.Hmac);
    }

    private static string Canonical(AuditEvent e, string previousHmac)
    {
        // Fields are length-prefixed so that no two different events share a canonical text; the tag separates purposes.
        var text = new StringBuilder();
        Append(text, "audit-event-v1");
        Append(text, e.Sequence.ToString(CultureInfo.InvariantCulture));
        Append(text, previousHmac);
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
