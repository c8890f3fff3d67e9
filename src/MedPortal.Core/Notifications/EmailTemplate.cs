namespace MedPortal.Core.Notifications;

/// <summary>
/// The only emails MedPortal sends. None carries health information: no name, complaint, acuity, message text or
/// diagnosis, only that something is waiting and a link to sign in. That is by construction: a template takes a link
/// (and, for an invitation, a role name) and nothing else.
/// </summary>
public sealed record EmailTemplate
{
    private EmailTemplate(string kind, string subject, string body)
    {
        Kind = kind;
        Subject = subject;
        Body = body;
    }

    /// <summary>Stable name of the template (stored with the queued message, used in metrics).</summary>
    public string Kind { get; }

    /// <summary>Subject line.</summary>
    public string Subject { get; }

    /// <summary>Plain-text body.</summary>
    public string Body { get; }

    private const string Footer = "\n\nThis message was sent by MedPortal. It contains no health information. " +
        "If you did not expect it, you can ignore it.\nIf you need urgent medical help, " + Safety.EmergencyGuidance.CallEmergency + ".";

    /// <summary>Confirm the address given at registration.</summary>
    public static EmailTemplate ConfirmAccount(Uri link) => new(
        "account.confirm",
        "Confirm your MedPortal email address",
        $"Please confirm your email address by opening this link:\n{Checked(link)}\n\nThe link is valid for 24 hours." + Footer);

    /// <summary>Reset a forgotten password.</summary>
    public static EmailTemplate ResetPassword(Uri link) => new(
        "account.reset-password",
        "Reset your MedPortal password",
        $"Someone asked to reset the password of this MedPortal account. To choose a new password, open:\n{Checked(link)}\n\n" +
        "If it was not you, ignore this email; your password stays as it is." + Footer);

    /// <summary>Invite a member of staff to set up their account.</summary>
    public static EmailTemplate InviteStaff(Uri link, string role) => new(
        "staff.invite",
        "Your MedPortal staff account",
        $"You have been invited to MedPortal as {CheckedRole(role)}. To set your password and sign in, open:\n{Checked(link)}\n\n" +
        "You will be asked to set up two-step sign-in with an authenticator app." + Footer);

    /// <summary>Tell a patient that their care team has replied (what it says is only shown after sign-in).</summary>
    public static EmailTemplate CareTeamMessage(Uri link) => new(
        "patient.care-team-message",
        "A message from your care team is waiting",
        $"A message from your care team is waiting for you in MedPortal. Sign in to read it:\n{Checked(link)}" + Footer);

    /// <summary>Tell the charge nurse that a case is waiting past its review target (details only in the queue).</summary>
    public static EmailTemplate ReviewOverdue(Uri link, int waitingCases) => new(
        "staff.review-overdue",
        "MedPortal: cases waiting past their review target",
        $"{waitingCases} case(s) in the triage queue are waiting past their review target. Open the queue:\n{Checked(link)}" + Footer);

    private static string Checked(Uri link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (!link.IsAbsoluteUri || (link.Scheme != Uri.UriSchemeHttps && link.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("An email link must be an absolute http(s) address.", nameof(link));
        }

        return link.AbsoluteUri;
    }

    private static string CheckedRole(string role) => role switch
    {
        "Nurse" => "a nurse",
        "Clinician" => "a clinician",
        "Admin" => "an administrator",
        _ => throw new ArgumentException($"Unknown staff role '{role}'.", nameof(role)),
    };
}
