using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using MedPortal.Core.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Core.Identity;

/// <summary>The outcome of a staff-account change: done, or refused with a sentence for the administrator.</summary>
public sealed record StaffChangeResult(bool Succeeded, string? Error)
{
    /// <summary>The change was made (and audited).</summary>
    public static readonly StaffChangeResult Done = new(true, null);

    /// <summary>Nothing changed, for the reason given.</summary>
    public static StaffChangeResult Refused(string error) => new(false, error);
}

/// <summary>
/// What an administrator does to accounts: invite staff, assign and revoke roles, deactivate and reactivate. Each change
/// runs in one transaction with its audit row (actor = the administrator, resource = the account, action = what), and
/// refuses any change that would leave no active administrator. Revoking a role or deactivating rotates the security
/// stamp, so the account's cookies and open circuits lose access within <c>SignIn:RevalidateSeconds</c>.
/// </summary>
public sealed class StaffLifecycle(UserManager<MedPortalUser> users, MedPortalDb db, AccountEmails emails, AuditLog audit, TimeProvider clock)
{
    /// <summary>Roles an invitation can give (patients register themselves).</summary>
    public static readonly IReadOnlyList<string> StaffRoles = [Roles.Nurse, Roles.Clinician, Roles.Admin];

    // Serialises staff changes only (rare), so two administrators cannot each remove "the other last admin".
    private const long AdminGuardLock = 0x4d50_5374_6166_6601;

    /// <summary>
    /// Creates an unconfirmed account without a password in <paramref name="role"/> and queues the invitation email with a
    /// one-time link to set the password.
    /// </summary>
    public async Task<StaffChangeResult> InviteAsync(AuditActor actor, string email, string role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        email = (email ?? "").Trim();
        if (!StaffRoles.Contains(role))
        {
            return StaffChangeResult.Refused("Choose the role: Nurse, Clinician or Admin.");
        }
        if (email.Length > 256 || !EmailOutbox.IsValidRecipient(email))
        {
            return StaffChangeResult.Refused("Enter one valid email address, like name@clinic.example.");
        }
        return await ChangeAsync(actor, async () =>
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                return (StaffChangeResult.Refused("An account with this email already exists: change its roles instead of inviting it."), null);
            }
            var user = new MedPortalUser { UserName = email, Email = email, EmailConfirmed = false, DisplayName = email, CreatedAt = clock.GetUtcNow() };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                return (StaffChangeResult.Refused(string.Join(" ", created.Errors.Select(e => e.Description))), null);
            }
            await EnsureRoleAsync(role);
            await users.AddToRoleAsync(user, role);
            await emails.AddInvitationAsync(user, role);
            await db.SaveChangesAsync(cancellationToken);
            return (StaffChangeResult.Done, new Audited("staff.invite:" + role, user.Id));
        }, wakeMail: true, cancellationToken);
    }

    /// <summary>Gives the account a role it does not have.</summary>
    public Task<StaffChangeResult> AssignRoleAsync(AuditActor actor, string userId, string role, CancellationToken cancellationToken = default) =>
        ChangeUserAsync(actor, userId, async user =>
        {
            if (!Roles.All.Contains(role))
            {
                return StaffChangeResult.Refused("Unknown role.");
            }
            if (await users.IsInRoleAsync(user, role))
            {
                return StaffChangeResult.Refused($"The account already has the role {role}.");
            }
            await EnsureRoleAsync(role);
            var result = await users.AddToRoleAsync(user, role);
            return result.Succeeded ? StaffChangeResult.Done : StaffChangeResult.Refused(string.Join(" ", result.Errors.Select(e => e.Description)));
        }, "user.role-assign:" + role, cancellationToken);

    /// <summary>Takes a role away; the account's sessions end within the revalidation interval.</summary>
    public Task<StaffChangeResult> RevokeRoleAsync(AuditActor actor, string userId, string role, CancellationToken cancellationToken = default) =>
        ChangeUserAsync(actor, userId, async user =>
        {
            if (!await users.IsInRoleAsync(user, role))
            {
                return StaffChangeResult.Refused($"The account does not have the role {role}.");
            }
            var result = await users.RemoveFromRoleAsync(user, role);
            if (!result.Succeeded)
            {
                return StaffChangeResult.Refused(string.Join(" ", result.Errors.Select(e => e.Description)));
            }
            await users.UpdateSecurityStampAsync(user);
            return StaffChangeResult.Done;
        }, "user.role-revoke:" + role, cancellationToken);

    /// <summary>Stops the account from signing in; its sessions end within the revalidation interval.</summary>
    public Task<StaffChangeResult> DeactivateAsync(AuditActor actor, string userId, CancellationToken cancellationToken = default) =>
        ChangeUserAsync(actor, userId, async user =>
        {
            if (user.DeactivatedAt is not null)
            {
                return StaffChangeResult.Refused("The account is already deactivated.");
            }
            user.DeactivatedAt = clock.GetUtcNow();
            await users.UpdateSecurityStampAsync(user);
            return StaffChangeResult.Done;
        }, "user.deactivate", cancellationToken);

    /// <summary>Lets a deactivated account sign in again (with its existing password).</summary>
    public Task<StaffChangeResult> ReactivateAsync(AuditActor actor, string userId, CancellationToken cancellationToken = default) =>
        ChangeUserAsync(actor, userId, async user =>
        {
            if (user.DeactivatedAt is null)
            {
                return StaffChangeResult.Refused("The account is already active.");
            }
            user.DeactivatedAt = null;
            var result = await users.UpdateAsync(user);
            return result.Succeeded ? StaffChangeResult.Done : StaffChangeResult.Refused(string.Join(" ", result.Errors.Select(e => e.Description)));
        }, "user.reactivate", cancellationToken);

    private Task<StaffChangeResult> ChangeUserAsync(AuditActor actor, string userId, Func<MedPortalUser, Task<StaffChangeResult>> change, string action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return ChangeAsync(actor, async () =>
        {
            if (await users.FindByIdAsync(userId) is not { } user)
            {
                return (StaffChangeResult.Refused("That account no longer exists."), null);
            }
            var result = await change(user);
            return (result, result.Succeeded ? new Audited(action, user.Id) : null);
        }, wakeMail: false, cancellationToken);
    }

    private async Task<StaffChangeResult> ChangeAsync(AuditActor actor, Func<Task<(StaffChangeResult Result, Audited? Audit)>> change, bool wakeMail, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdminGuardLock})", cancellationToken);
        var (result, audited) = await change();
        if (!result.Succeeded || audited is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return result;
        }
        if (await ActiveAdminsAsync(cancellationToken) == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return StaffChangeResult.Refused("Refused: that would leave no active administrator. Make another account an administrator first.");
        }
        await audit.AppendAsync(db, actor, audited.Action, "user", audited.UserId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (wakeMail)
        {
            emails.Wake();
        }
        return result;
    }

    private Task<int> ActiveAdminsAsync(CancellationToken cancellationToken) =>
        (from u in db.Users
         join ur in db.UserRoles on u.Id equals ur.UserId
         join r in db.Roles on ur.RoleId equals r.Id
         // An invited admin who has not set a password yet cannot sign in: not counted.
         where r.NormalizedName == "ADMIN" && u.DeactivatedAt == null && u.PasswordHash != null
         select u.Id).Distinct().CountAsync(cancellationToken);

    private async Task EnsureRoleAsync(string role)
    {
        if (!await db.Roles.AnyAsync(r => r.Name == role))
        {
            db.Roles.Add(new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() });
            await db.SaveChangesAsync();
        }
    }

    private sealed record Audited(string Action, string UserId);
}
