using MedPortal.Core.Identity;
using MedPortal.Web.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MedPortal.Web.Identity;

/// <summary>
/// Identity's sign-in manager, counting failed password sign-ins (by reason) and the lockouts they cause for
/// <c>medportal.signin.*</c>. Counts only: no account name or address reaches a label.
/// </summary>
internal sealed class MeteredSignInManager(
    UserManager<MedPortalUser> users,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<MedPortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<MedPortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<MedPortalUser> confirmation)
    : SignInManager<MedPortalUser>(users, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            WebMetrics.RecordSignInFailure("unknown_account");
            return SignInResult.Failed;
        }
        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    /// <summary>A deactivated account cannot sign in (reported as NotAllowed, like an unconfirmed email).</summary>
    public override async Task<bool> CanSignInAsync(MedPortalUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.DeactivatedAt is null && await base.CanSignInAsync(user);
    }

    public override async Task<SignInResult> PasswordSignInAsync(MedPortalUser user, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var lockedBefore = UserManager.SupportsUserLockout && await UserManager.IsLockedOutAsync(user);
        var result = await base.PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        if (result.Succeeded || result.RequiresTwoFactor)
        {
            return result;
        }
        if (result.IsLockedOut)
        {
            WebMetrics.RecordSignInFailure("locked_out");
            if (!lockedBefore)
            {
                WebMetrics.RecordLockout();
            }
        }
        else
        {
            WebMetrics.RecordSignInFailure(result.IsNotAllowed ? "not_allowed" : "bad_password");
        }
        return result;
    }
}
