using System.Globalization;
using System.Text;
using System.Text.Json;
using MedPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Core.Audit;

/// <summary>
/// A signed note of how far the sealed audit chain reached: its last position, that position's event and chain value.
/// Kept outside the database, it lets <see cref="AuditChainVerifier"/> notice a cut tail, which no check inside the
/// database can (whoever deletes the newest rows and seals leaves a shorter, valid chain).
/// </summary>
/// <param name="Position">The last sealed position.</param>
/// <param name="EventSequence">The event sealed there.</param>
/// <param name="Chain">The chain value at that position.</param>
/// <param name="WrittenAt">When the checkpoint was taken (UTC).</param>
/// <param name="Signature">HMAC-SHA256 over the other fields with the audit key.</param>
public sealed record AuditCheckpoint(long Position, long EventSequence, string Chain, DateTimeOffset WrittenAt, string Signature)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>True when <see cref="Signature"/> was made with <paramref name="key"/> over these fields.</summary>
    public bool HasValidSignature(AuditKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Verify(SignedText(Position, EventSequence, Chain, WrittenAt), Signature);
    }

    /// <summary>
    /// Seals what is pending, then writes a checkpoint of the last seal to a new file in <paramref name="folder"/>.
    /// Returns null when nothing has been sealed yet.
    /// </summary>
    public static async Task<(AuditCheckpoint Checkpoint, string File)?> WriteAsync(IDbContextFactory<MedPortalDb> contexts, AuditSealer sealer, AuditKey key,
        TimeProvider clock, string folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(sealer);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(clock);
        await sealer.SealPendingAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var last = await db.AuditSeals.AsNoTracking().OrderByDescending(s => s.Position).FirstOrDefaultAsync(cancellationToken);
        if (last is null)
        {
            return null;
        }
        var at = AuditChain.ToStoredPrecision(clock.GetUtcNow());
        var checkpoint = new AuditCheckpoint(last.Position, last.EventSequence, last.Chain, at,
            key.Sign(SignedText(last.Position, last.EventSequence, last.Chain, at)));
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"checkpoint-{last.Position:D12}-{at:yyyyMMddTHHmmssfffffff}Z.json"));
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(checkpoint, Json), cancellationToken);
        return (checkpoint, file);
    }

    /// <summary>The checkpoint with the highest position in <paramref name="folder"/> (the newest among equals); null when there is none.</summary>
    /// <exception cref="InvalidDataException">The newest file cannot be read as a checkpoint.</exception>
    public static async Task<(AuditCheckpoint Checkpoint, string File)?> ReadLatestAsync(string folder, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }
        // File names sort by position, then time (fixed-width digits).
        var file = Directory.EnumerateFiles(folder, "checkpoint-*.json").Order(StringComparer.Ordinal).LastOrDefault();
        if (file is null)
        {
            return null;
        }
        try
        {
            var checkpoint = JsonSerializer.Deserialize<AuditCheckpoint>(await File.ReadAllTextAsync(file, cancellationToken), Json);
            return checkpoint is null ? throw new InvalidDataException($"{file} is empty") : (checkpoint, file);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{file} is not a MedPortal audit checkpoint ({ex.Message})", ex);
        }
    }

    private static string SignedText(long position, long eventSequence, string chain, DateTimeOffset writtenAt)
    {
        var text = new StringBuilder();
        AuditChain.Append(text, "audit-checkpoint-v1");
        AuditChain.Append(text, position.ToString(CultureInfo.InvariantCulture));
        AuditChain.Append(text, eventSequence.ToString(CultureInfo.InvariantCulture));
        AuditChain.Append(text, chain);
        AuditChain.Append(text, writtenAt.UtcTicks.ToString(CultureInfo.InvariantCulture));
        return text.ToString();
    }
}
