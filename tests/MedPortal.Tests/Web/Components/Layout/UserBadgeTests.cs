using System.Security.Claims;
using Bunit;
using MedPortal.Core.Identity;
using MedPortal.Web.Components.Layout;
using MedPortal.Web.Identity;

namespace MedPortal.Tests.Web.Components.Layout;

public sealed class UserBadgeTests : BunitContext
{
    private static ClaimsPrincipal User(string email, string role, string? displayName)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, email), new(ClaimTypes.Role, role) };
        if (displayName is not null)
        {
            claims.Add(new Claim(DisplayNameClaims.DisplayName, displayName));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
    }

    [Fact]
    public void SignedIn_WithDisplayName_NameAndRoleNotEmail()
    {
        var cut = Render<UserBadge>(p => p.Add(c => c.User, User("nurse@demo.medportal", Roles.Nurse, "Nina Nurse")));

        Assert.Equal("Nina Nurse · Nurse", cut.Find("[data-testid=signed-in-as]").TextContent);
        Assert.DoesNotContain("nurse@demo.medportal", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void SignedIn_CookieWithoutNameClaim_FallsBackToTheSignInName()
    {
        var cut = Render<UserBadge>(p => p.Add(c => c.User, User("admin@demo.medportal", Roles.Admin, null)));

        Assert.Equal("admin@demo.medportal · Admin", cut.Find("[data-testid=signed-in-as]").TextContent);
    }
}
