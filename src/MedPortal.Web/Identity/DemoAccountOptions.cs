using System.ComponentModel.DataAnnotations;

namespace MedPortal.Web.Identity;

/// <summary>Demo accounts for each role (section <c>DemoAccounts</c>). Seeded only in Development unless forced.</summary>
internal sealed class DemoAccountOptions
{
    public const string Section = "DemoAccounts";

    /// <summary>Seed demo accounts even outside Development (never in a real clinic).</summary>
    public bool Enabled { get; set; }

    /// <summary>The password of every demo account.</summary>
    [Required, MinLength(10, ErrorMessage = "DemoAccounts:Password must be at least 10 characters.")]
    public string Password { get; set; } = "Demo-Password-2026";

    /// <summary>
    /// The authenticator key (Base32) the demo nurse, clinician and admin are enrolled with when first created; empty: a
    /// random key per database, printed at start. The test suite sets a known one so it can compute sign-in codes.
    /// </summary>
    [RegularExpression("^([A-Z2-7]{16,64})?$", ErrorMessage = "DemoAccounts:AuthenticatorKey must be empty or 16-64 Base32 characters (A-Z, 2-7).")]
    public string AuthenticatorKey { get; set; } = "";
}
