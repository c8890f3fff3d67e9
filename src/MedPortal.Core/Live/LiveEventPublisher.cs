using MedPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Core.Live;

/// <summary>Announces a change on the database's NOTIFY channel, delivered when the surrounding transaction commits.</summary>
public static class LiveEventPublisher
{
    /// <summary>Queues <paramref name="kind"/> for <paramref name="id"/>; call inside the transaction that makes the change.</summary>
    /// <remarks>
    /// The payload is <c>medportal_notify</c>'s plus <c>sentAt</c> (Unix milliseconds on this instance's clock), from
    /// which every listening instance measures the live-event lag (<c>medportal.live.lag</c>).
    /// </remarks>
    public static Task NotifyAsync(MedPortalDb db, string kind, Guid id, Guid consultationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var sentAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return db.Database.ExecuteSqlAsync(
            $"SELECT pg_notify({PostgresLiveEventListener.Channel}, json_build_object('kind', {kind}::text, 'id', {id}, 'consultationId', {consultationId}, 'sentAt', {sentAt})::text)",
            cancellationToken);
    }
}
