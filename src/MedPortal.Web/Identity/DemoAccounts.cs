using System.Text;
using MedPortal.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace MedPortal.Web.Identity;

/// <summary>One demo account per role, for trying the portal and for the browser tests.</summary>
internal static class DemoAccounts
{
    public static readonly IReadOnlyList<(string Email, string Role, string Name)> All =
    [
        ("patient@demo.medportal", Roles.Patient, "Pat Demo"),
        ("nurse@demo.medportal", Roles.Nurse, "Nina Nurse"),
        ("clinician@demo.medportal", Roles.Clinician, "Dr. Cal Clinician"),
        ("admin@demo.medportal", Roles.Admin, "Ada Admin"),
    ];

    public static async Task<int> EnsureAsync(UserManager<MedPortalUser> users, string password)
    {
        var created = 0;
        foreach (var (email, role, name) in All)
        {
            if (await users.FindByEmailAsync(email) is not null)
            {
                continue;
            }
            var user = new MedPortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Could not create demo account {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
            }
            await users.AddToRoleAsync(user, role);
            created++;
        }
        return created;
    }

    public static string Banner(string password)
    {
        var text = new StringBuilder("\n  MedPortal demo accounts (Development only):\n");
        foreach (var (email, role, _) in All)
        {
            text.Append("    ").Append(role.PadRight(10)).Append(email.PadRight(28)).Append(password).Append('\n');
        }
        return text.ToString();
    }
}
