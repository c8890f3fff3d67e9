using System.ComponentModel.DataAnnotations;

namespace MedPortal.Web.Identity;

/// <summary>Sign-in security settings (section <c>SignIn</c>).</summary>
internal sealed class SignInOptions
{
    public const string Section = "SignIn";

    /// <summary>Failed password attempts before the account is locked.</summary>
    [Range(3, 20, ErrorMessage = "SignIn:MaxFailedAttempts must be between 3 and 20.")]
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    [Range(1, 1440, ErrorMessage = "SignIn:LockoutMinutes must be between 1 and 1440.")]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Minimum password length for new accounts.</summary>
    [Range(8, 128, ErrorMessage = "SignIn:MinimumPasswordLength must be between 8 and 128.")]
    public int MinimumPasswordLength { get; set; } = 10;

    /// <summary>How often an open circuit re-checks that its user still exists and is not locked or changed.</summary>
    [Range(10, 3600, ErrorMessage = "SignIn:RevalidateSeconds must be between 10 and 3600.")]
    public int RevalidateSeconds { get; set; } = 60;

    /// <summary>How long a confirmation, password-reset or invitation link stays valid (each works once).</summary>
    [Range(1, 168, ErrorMessage = "SignIn:AccountLinkHours must be between 1 and 168.")]
    public int AccountLinkHours { get; set; } = 24;
}
