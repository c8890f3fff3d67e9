using MedPortal.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace MedPortal.Web.Identity;

/// <summary>
/// Explains a refused sign-in (Identity's NotAllowed: email not confirmed, or account deactivated) only to someone who
/// knows the password; everyone else gets the one uniform failure text, so the form still tells nobody which emails
/// have accounts. A wrong password here counts toward the lockout like any other.
/// </summary>
internal sealed class SignInRefusal(UserManager<MedPortalUser> users, AccountEmails emails)
{
    public const string Unconfirmed = "Please confirm your email address first: we have sent you a new link. Open it, then sign in.";

    public const string Deactivated = "This account has been deactivated. Ask your clinic's administrator if you need access again.";

    /// <returns>The text to show, or null for the uniform failure.</returns>
    public async Task<string?> ExplainAsync(string email, string password)
    {
        if (await users.FindByEmailAsync(email) is not { } user || await users.IsLockedOutAsync(user))
        {
            return null;
        }
        if (!await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            return null;
        }
        if (user.DeactivatedAt is not null)
        {
            return Deactivated;
        }
        if (!user.EmailConfirmed)
        {
            await emails.QueueConfirmationAsync(user);
            return Unconfirmed;
        }
        return null;
    }
}
