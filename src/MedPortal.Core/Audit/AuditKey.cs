using System.Security.Cryptography;
using System.Text;

namespace MedPortal.Core.Audit;

/// <summary>The secret that signs audit rows and checkpoints (HMAC-SHA256). Never stored in the database, never logged.</summary>
public sealed class AuditKey
{
    private readonly byte[] key;

    private AuditKey(byte[] key) => this.key = key;

    /// <summary>A key from its base64 text, as configured in <see cref="AuditOptions.HmacKey"/>.</summary>
    /// <exception cref="FormatException">Not base64, or shorter than <see cref="AuditOptions.MinimumKeyBytes"/>.</exception>
    public static AuditKey FromBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        var bytes = Convert.FromBase64String(base64.Trim());
        if (bytes.Length < AuditOptions.MinimumKeyBytes)
        {
            throw new FormatException($"the key is {bytes.Length} bytes; it must be at least {AuditOptions.MinimumKeyBytes}");
        }
        return new AuditKey(bytes);
    }

    /// <summary>A fresh random key (Development without a configured key; tests).</summary>
    public static AuditKey CreateRandom() => new(RandomNumberGenerator.GetBytes(AuditOptions.MinimumKeyBytes));

    /// <summary>HMAC-SHA256 of <paramref name="text"/> (UTF-8), lower-case hex.</summary>
    public string Sign(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));

    /// <summary>Compares <paramref name="signature"/> with the signature of <paramref name="text"/> in constant time.</summary>
    public bool Verify(string text, string? signature) =>
        signature is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(text)), Encoding.ASCII.GetBytes(signature));
}
