using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MedPortal.Core.Audit;

/// <summary>The hash chain's rules: the canonical text of an event and its hash.</summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first event.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Truncates to the microseconds PostgreSQL keeps, so a hash computed before storing matches after reading.</summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    /// <summary>SHA-256 (lower-case hex) over the previous hash and every field of the event but its own hash.</summary>
    public static string ComputeHash(AuditEvent e)
    {
        // Fields are length-prefixed so that no two different events share a canonical text.
        var text = new StringBuilder();
        Append(text, e.PreviousHash);
        Append(text, e.Sequence.ToString(CultureInfo.InvariantCulture));
        Append(text, ToStoredPrecision(e.OccurredAt).UtcTicks.ToString(CultureInfo.InvariantCulture));
        Append(text, e.ActorId);
        Append(text, e.ActorRole);
        Append(text, e.Action);
        Append(text, e.ResourceType);
        Append(text, e.ResourceId);
        Append(text, e.ClientAddress ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static void Append(StringBuilder text, string value) =>
        text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('|');
}
