using MedPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Core.Live;

/// <summary>Announces a change on the database's NOTIFY channel, delivered when the surrounding transaction commits.</summary>
public static class LiveEventPublisher
{
    /// <summary>Queues <paramref name="kind"/> for <paramref name="id"/>; call inside the transaction that makes the change.</summary>
    public static Task NotifyAsync(MedPortalDb db, string kind, Guid id, Guid consultationId, CancellationToken cancellationToken = default) =>
        db.Database.ExecuteSqlAsync($"SELECT medportal_notify({kind}, {id}, {consultationId})", cancellationToken);
}
