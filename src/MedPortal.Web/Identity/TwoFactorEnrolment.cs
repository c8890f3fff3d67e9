using System.Security.Claims;
using System.Text;
using MedPortal.Core.Audit;
using MedPortal.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace MedPortal.Web.Identity;

/// <summary>
/// Authenticator-app (TOTP) enrolment, recovery codes, opt-out for patients and the admin's reset, all on Identity's own
/// authenticator token provider and stores. Every change is audited under the account's opaque id.
/// </summary>
internal sealed class TwoFactorEnrolment(
    UserManager<MedPortalUser> users,
    SignInManager<MedPortalUser> signIn,
    IUserStore<MedPortalUser> store,
    AuditLog audit)
{
    /// <summary>How many recovery codes an enrolment (or a renewal) hands out.</summary>
    public const int RecoveryCodeCount = 10;

    private const string Issuer = "MedPortal";

    /// <summary>The key to type into an authenticator app and the URI its QR code carries; makes a key on first use.</summary>
    public async Task<AuthenticatorSetup> SetupAsync(MedPortalUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            key = users.GenerateNewAuthenticatorKey();
            await SetKeyAsync(user, key);
        }
        var account = await users.GetEmailAsync(user) ?? user.Id;
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(account)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        return new AuthenticatorSetup(Grouped(key), uri);
    }

    /// <summary>
    /// Writes <paramref name="key"/> as the account's authenticator key. Unlike <c>ResetAuthenticatorKeyAsync</c> it keeps
    /// the security stamp, so showing the enrolment page does not end the session that is enrolling.
    /// </summary>
    public async Task SetKeyAsync(MedPortalUser user, string key)
    {
        var keys = store as IUserAuthenticatorKeyStore<MedPortalUser>
            ?? throw new InvalidOperationException("The user store does not keep authenticator keys.");
        await keys.SetAuthenticatorKeyAsync(user, key, CancellationToken.None);
        Check(await users.UpdateAsync(user));
    }

    /// <summary>
    /// Turns two-step sign-in on when <paramref name="code"/> is a current code for the account's key, signs the session in
    /// again as a two-factor session, and returns the recovery codes (shown once); null for a wrong code.
    /// </summary>
    public async Task<IReadOnlyList<string>?> EnableAsync(MedPortalUser user, string code, AuditActor actor)
    {
        var digits = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            return null;
        }
        Check(await users.SetTwoFactorEnabledAsync(user, true));
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList()
            ?? throw new InvalidOperationException("The user store does not keep recovery codes.");
        await audit.WriteAsync(actor, "user.mfa.enrol", "user", user.Id);
        // Enabling rotated the security stamp; the new cookie carries it and records the second factor.
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(StaffMfa.MethodClaim, StaffMfa.MultiFactor)]);
        return codes;
    }

    /// <summary>Replaces every recovery code with <see cref="RecoveryCodeCount"/> new ones.</summary>
    public async Task<IReadOnlyList<string>> RenewRecoveryCodesAsync(MedPortalUser user, AuditActor actor)
    {
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))?.ToList()
            ?? throw new InvalidOperationException("The user store does not keep recovery codes.");
        await audit.WriteAsync(actor, "user.mfa.recovery-codes", "user", user.Id);
        return codes;
    }

    /// <summary>A patient turns two-step sign-in off; staff cannot (false).</summary>
    public async Task<bool> DisableAsync(MedPortalUser user, AuditActor actor)
    {
        if ((await users.GetRolesAsync(user)).Any(StaffMfa.StaffRoles.Contains))
        {
            return false;
        }
        await ClearAsync(user);
        await audit.WriteAsync(actor, "user.mfa.disable", "user", user.Id);
        // The stamp changed: keep this session, as a password-only one.
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(StaffMfa.MethodClaim, "pwd")]);
        return true;
    }

    /// <summary>
    /// An admin clears another account's authenticator and recovery codes (a lost phone). The new security stamp ends
    /// the account's sessions within the revalidation interval; staff then enrol again at their next sign-in.
    /// </summary>
    public async Task<bool> ResetAsync(string userId, AuditActor admin)
    {
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return false;
        }
        await ClearAsync(user);
        await audit.WriteAsync(admin, "user.mfa.reset", "user", user.Id);
        return true;
    }

    /// <summary>Audits a sign-in that spent a recovery code (the account may have lost its authenticator).</summary>
    public async Task RecordRecoveryCodeUsedAsync(MedPortalUser user, string? clientAddress)
    {
        // The request is not signed in yet when the code is spent: the actor is the account that spent it.
        var roles = await users.GetRolesAsync(user);
        var actor = new AuditActor(user.Id, Roles.All.LastOrDefault(roles.Contains) ?? "None", clientAddress);
        await audit.WriteAsync(actor, "user.mfa.recovery-code-used", "user", user.Id);
    }

    private async Task ClearAsync(MedPortalUser user)
    {
        Check(await users.SetTwoFactorEnabledAsync(user, false));
        // A fresh key nobody has seen, and fresh recovery codes nobody is shown: the old ones stop working.
        Check(await users.ResetAuthenticatorKeyAsync(user));
        _ = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
        Check(await users.UpdateSecurityStampAsync(user));
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Identity refused the change: {string.Join("; ", result.Errors.Select(e => e.Code))}");
        }
    }

    // "abcd efgh ..." is easier to type from a screen than 32 capitals in a row.
    private static string Grouped(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }
        return text.ToString().TrimEnd().ToLowerInvariant();
    }
}

/// <summary>What an enrolling user copies into their authenticator app.</summary>
/// <param name="SharedKey">The key, grouped in fours for typing.</param>
/// <param name="Uri">The <c>otpauth://</c> URI (the QR code's content).</param>
internal sealed record AuthenticatorSetup(string SharedKey, string Uri);
