using MedPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Core.Audit;

/// <summary>
/// Appends signed audit events. Writers never wait on each other: the order comes from a sequence and each row carries its
/// own HMAC; <see cref="AuditSealer"/> chains the committed rows afterwards (docs/decisions/0006-audit-without-global-lock.md).
/// </summary>
public sealed class AuditLog(IDbContextFactory<MedPortalDb> contexts, TimeProvider clock, AuditKey key)
{
    /// <summary>Records one action on one resource.</summary>
    public async Task WriteAsync(AuditActor actor, string action, string resourceType, string resourceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await AppendAsync(db, actor, action, resourceType, resourceId, cancellationToken);
    }

    /// <summary>
    /// Appends inside <paramref name="db"/>'s current transaction when there is one (so a decision and its audit row commit
    /// together, or neither does), else on its own.
    /// </summary>
    public async Task AppendAsync(MedPortalDb db, AuditActor actor, string action, string resourceType, string resourceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        // The HMAC covers the sequence number, so it is taken first; a rolled-back write leaves a gap, which is allowed.
        var sequence = await db.Database.SqlQueryRaw<long>("SELECT nextval('audit_events_seq') AS \"Value\"").SingleAsync(cancellationToken);
        var entry = new AuditEvent
        {
            Sequence = sequence,
            OccurredAt = AuditChain.ToStoredPrecision(clock.GetUtcNow()),
            ActorId = actor.UserId,
            ActorRole = actor.Role,
            Action = action,
            ResourceType = resourceType,
            ResourceId = resourceId,
            ClientAddress = actor.ClientAddress,
        };
        entry.Hmac = AuditChain.ComputeHmac(key, entry);
        db.AuditEvents.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
    }
}
