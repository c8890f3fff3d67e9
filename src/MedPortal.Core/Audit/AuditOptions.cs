namespace MedPortal.Core.Audit;

/// <summary>The audit log's settings (configuration section <c>Audit</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Audit";

    /// <summary>The smallest key, in bytes, that <see cref="HmacKey"/> may decode to.</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>
    /// Base64 secret (at least 32 bytes) that keys every audit row's HMAC. It must live outside the database (environment
    /// <c>Audit__HmacKey</c>, a secret store): whoever holds only database credentials then cannot forge or re-hash rows.
    /// </summary>
    public string? HmacKey { get; set; }

    /// <summary>Where <c>./medportal audit checkpoint</c> writes signed checkpoints; outside the database, ideally on other storage.</summary>
    public string CheckpointFolder { get; set; } = Path.Combine(".data", "audit-checkpoints");

    /// <summary>How often <see cref="AuditSealer"/> chains newly committed events, in milliseconds (50–60000).</summary>
    public int SealIntervalMilliseconds { get; set; } = 1000;
}
