using MedPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Core.Audit;

/// <summary>Appends audit events to the hash chain. Safe across threads and across app instances sharing the database.</summary>
public sealed class AuditLog(IDbContextFactory<MedPortalDb> contexts, TimeProvider clock, AuditKey key)
{
    // Serialises appends cluster-wide for the length of one transaction.
    private const long ChainLockKey = 0x4175646974;

    /// <summary>Records one action on one resource.</summary>
    public async Task WriteAsync(AuditActor actor, string action, string resourceType, string resourceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await AppendAsync(db, actor, action, resourceType, resourceId, cancellationToken);
    }

    /// <summary>
    /// Appends inside <paramref name="db"/>'s current transaction when there is one (so a decision and its audit row commit
    /// together), else in a transaction of its own.
    /// </summary>
    public async Task AppendAsync(MedPortalDb db, AuditActor actor, string action, string resourceType, string resourceId, CancellationToken cancellationToken = default)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", cancellationToken);
            var last = await db.AuditEvents.AsNoTracking()
                .OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash, e.Hmac })
                .FirstOrDefaultAsync(cancellationToken);
            var entry = new AuditEvent
            {
                Sequence = (last?.Sequence ?? 0) + 1,
                OccurredAt = AuditChain.ToStoredPrecision(clock.GetUtcNow()),
                ActorId = actor.UserId,
                ActorRole = actor.Role,
                Action = action,
                ResourceType = resourceType,
                ResourceId = resourceId,
                ClientAddress = actor.ClientAddress,
                PreviousHash = last?.Hash ?? AuditChain.GenesisHash,
                Hash = "",
            };
            entry.Hash = AuditChain.ComputeHash(entry);
            entry.Hmac = AuditChain.ComputeHmac(key, entry, last?.Hmac ?? AuditChain.GenesisHash);
            db.AuditEvents.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }
}
