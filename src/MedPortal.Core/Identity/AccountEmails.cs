using System.Text;
using MedPortal.Core.Data;
using MedPortal.Core.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace MedPortal.Core.Identity;

/// <summary>
/// Queues the account emails (confirm the address, reset a password, set up an invited staff account) with a one-time
/// token link. The token is Identity's: bound to the account's security stamp, so it dies when the password is set (one
/// use) and when it expires (<c>SignIn:AccountLinkHours</c>). The email carries only the link and, for an invitation,
/// the role: no name, no health information.
/// </summary>
public sealed class AccountEmails(UserManager<MedPortalUser> users, MedPortalDb db, EmailOutbox outbox, IOptions<EmailOptions> options)
{
    /// <summary>Page that confirms a patient's address.</summary>
    public const string ConfirmPath = "/account/confirm-email";

    /// <summary>Page that sets a new password after "Forgot password".</summary>
    public const string ResetPath = "/account/reset-password";

    /// <summary>Page where an invited member of staff sets their first password.</summary>
    public const string SetPasswordPath = "/account/set-password";

    /// <summary>Queues the confirmation email for a new registration and saves it.</summary>
    public async Task QueueConfirmationAsync(MedPortalUser user, CancellationToken cancellationToken = default)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        await QueueAsync(user, EmailTemplate.ConfirmAccount(Link(ConfirmPath, user.Id, token)), cancellationToken);
    }

    /// <summary>Queues a password-reset email and saves it.</summary>
    public async Task QueuePasswordResetAsync(MedPortalUser user, CancellationToken cancellationToken = default)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        await QueueAsync(user, EmailTemplate.ResetPassword(Link(ResetPath, user.Id, token)), cancellationToken);
    }

    /// <summary>Queues a staff invitation on the caller's context (inside its transaction); the caller saves.</summary>
    public async Task AddInvitationAsync(MedPortalUser user, string role)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        outbox.Add(db, user.Email!, EmailTemplate.InviteStaff(Link(SetPasswordPath, user.Id, token), role));
    }

    /// <summary>Wakes the dispatcher after the caller's commit.</summary>
    public void Wake() => outbox.Wake();

    /// <summary>Decodes the token from a link's <c>code</c> parameter; null when it is not a token this portal wrote.</summary>
    public static string? DecodeToken(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 4096)
        {
            return null;
        }
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private async Task QueueAsync(MedPortalUser user, EmailTemplate template, CancellationToken cancellationToken)
    {
        // An address accepted before registration checked it for mail (Identity's own rule is looser): nothing to send to.
        if (!EmailOutbox.IsValidRecipient(user.Email))
        {
            return;
        }
        outbox.Add(db, user.Email!, template);
        await db.SaveChangesAsync(cancellationToken);
        outbox.Wake();
    }

    private Uri Link(string path, string userId, string token)
    {
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        var baseUrl = options.Value.PublicBaseUrl.TrimEnd('/');
        return new Uri($"{baseUrl}{path}?userId={Uri.EscapeDataString(userId)}&code={code}");
    }
}
