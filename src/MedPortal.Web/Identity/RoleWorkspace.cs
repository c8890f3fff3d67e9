using MedPortal.Core.Identity;

namespace MedPortal.Web.Identity;

/// <summary>Where each role starts after signing in when no page was asked for.</summary>
public static class RoleWorkspace
{
    /// <summary>The workspace of a user with <paramref name="roles"/>: the one role's page, or Home for several or none.</summary>
    public static string For(IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var pages = roles.Select(role => role switch
        {
            Roles.Patient => "/consultations",
            Roles.Nurse => "/triage",
            Roles.Clinician => "/summaries",
            Roles.Admin => "/admin/users",
            _ => null,
        }).Where(p => p is not null).Distinct().ToList();
        return pages.Count == 1 ? pages[0]! : "/";
    }
}
