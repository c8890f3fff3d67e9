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
}
