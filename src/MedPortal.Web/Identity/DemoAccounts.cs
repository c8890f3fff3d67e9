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

    /// <summary>
    /// Creates the missing demo accounts. New staff accounts are enrolled in two-step sign-in with
    /// <paramref name="authenticatorKey"/> (or a random key), as a real clinic's staff would be.
    /// </summary>
    public static async Task<int> EnsureAsync(UserManager<MedPortalUser> users, TwoFactorEnrolment enrolment, string password, string authenticatorKey)
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
            if (StaffMfa.StaffRoles.Contains(role))
            {
                await enrolment.SetKeyAsync(user, authenticatorKey.Length > 0 ? authenticatorKey : users.GenerateNewAuthenticatorKey());
                await users.SetTwoFactorEnabledAsync(user, true);
                await users.GenerateNewTwoFactorRecoveryCodesAsync(user, TwoFactorEnrolment.RecoveryCodeCount);
            }
            created++;
        }
        return created;
    }

    /// <summary>How to sign in as each demo account, second step included (demo keys are not secrets of any real person).</summary>
    public static async Task<string> BannerAsync(UserManager<MedPortalUser> users, string password)
    {
        var text = new StringBuilder("\n  MedPortal demo accounts (Development only):\n");
        var keys = new StringBuilder();
        foreach (var (email, role, _) in All)
        {
            text.Append("    ").Append(role.PadRight(10)).Append(email.PadRight(28)).Append(password).Append('\n');
            if (!StaffMfa.StaffRoles.Contains(role) || await users.FindByEmailAsync(email) is not { } user)
            {
                continue;
            }
            keys.Append("    ").Append(role.PadRight(10));
            keys.Append(await users.GetTwoFactorEnabledAsync(user) && await users.GetAuthenticatorKeyAsync(user) is { Length: > 0 } key
                ? $"key {key}   (or: oathtool --totp -b {key})"
                : "not enrolled: the first sign-in shows the enrolment page");
            keys.Append('\n');
        }
        if (keys.Length > 0)
        {
            text.Append("  Staff sign-in asks for a code next: add the key to an authenticator app, or compute the code with oathtool.\n").Append(keys);
        }
        return text.ToString();
    }
}
