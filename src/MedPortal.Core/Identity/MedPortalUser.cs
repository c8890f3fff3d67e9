using Microsoft.AspNetCore.Identity;

namespace MedPortal.Core.Identity;

/// <summary>A person who signs in: a patient, nurse, clinician or administrator.</summary>
public sealed class MedPortalUser : IdentityUser
{
    /// <summary>The name shown in the portal (PHI for patients: never log it).</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>Date of birth, recorded for patients at registration.</summary>
    public DateOnly? DateOfBirth { get; set; }

    /// <summary>When the account was created.</summary>
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>When an administrator deactivated the account (it cannot sign in); null while it is active.</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }
}
