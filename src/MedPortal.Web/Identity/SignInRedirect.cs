using MedPortal.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace MedPortal.Web.Identity;

/// <summary>Where a finished sign-in (one step or two) goes.</summary>
internal static class SignInRedirect
{
    /// <summary>Only same-site paths: an attacker's link must not send a signed-in user elsewhere.</summary>
    public static string LocalReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/";

    /// <summary>The asked-for page, or when none was asked for, the user's own workspace.</summary>
    public static async Task<string> TargetAsync(UserManager<MedPortalUser> users, MedPortalUser? user, string? returnUrl)
    {
        var target = LocalReturnUrl(returnUrl);
        return target == "/" && user is not null ? RoleWorkspace.For(await users.GetRolesAsync(user)) : target;
    }
}
