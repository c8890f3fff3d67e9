using System.Security.Claims;
using MedPortal.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MedPortal.Web.Identity;

/// <summary>
/// Puts the user's display name into the sign-in cookie, so the app bar can greet them by name without a database
/// read on every render. The cookie is re-issued whenever the security stamp is revalidated.
/// </summary>
internal sealed class DisplayNameClaims(UserManager<MedPortalUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<MedPortalUser, IdentityRole>(users, roles, options)
{
    /// <summary>The claim type that carries <see cref="MedPortalUser.DisplayName"/>.</summary>
    public const string DisplayName = "medportal:display_name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(MedPortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DisplayName))
        {
            identity.AddClaim(new Claim(DisplayName, user.DisplayName));
        }
        return identity;
    }
}
