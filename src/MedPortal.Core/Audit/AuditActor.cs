namespace MedPortal.Core.Audit;

/// <summary>Who performs an audited action.</summary>
/// <param name="UserId">Opaque user id (never a name or email).</param>
/// <param name="Role">The role acted in.</param>
/// <param name="ClientAddress">The client's IP address, when known.</param>
public sealed record AuditActor(string UserId, string Role, string? ClientAddress)
{
    /// <summary>The portal itself (start-up, background work).</summary>
    public static AuditActor System { get; } = new("system", "System", null);
}
