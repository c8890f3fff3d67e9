using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MedPortal.Tests.Infrastructure;

/// <summary>
/// RFC 6238 codes (HMAC-SHA1, 30-second steps, 6 digits), as an authenticator app computes them, for tests that sign in
/// with a second factor. The app itself verifies with Identity's authenticator token provider, not with this.
/// </summary>
public static class Totp
{
    public static string Code(string base32Key, DateTimeOffset? at = null) =>
        CodeAtStep(base32Key, (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30);

    public static string CodeAtStep(string base32Key, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var hash = HMACSHA1.HashData(Base32(base32Key), counter);
        var offset = hash[^1] & 0x0f;
        var value = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset)) & 0x7fffffff) % 1_000_000;
        return value.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A six-digit code that no step within ±10 minutes of now produces for <paramref name="base32Key"/>.</summary>
    public static string WrongCode(string base32Key)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var valid = Enumerable.Range(-20, 41).Select(d => CodeAtStep(base32Key, now + d)).ToHashSet();
        return Enumerable.Range(0, 1000).Select(i => (123_457 + (i * 7919)).ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(c => !valid.Contains(c));
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var clean = text.Replace(" ", "", StringComparison.Ordinal).TrimEnd('=').ToUpperInvariant();
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in clean)
        {
            var index = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (index < 0)
            {
                throw new FormatException($"'{c}' is not Base32.");
            }
            buffer = (buffer << 5) | index;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }
        return [.. bytes];
    }
}
