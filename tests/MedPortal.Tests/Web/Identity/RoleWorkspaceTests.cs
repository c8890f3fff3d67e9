using MedPortal.Core.Identity;
using MedPortal.Web.Identity;

namespace MedPortal.Tests.Web.Identity;

public sealed class RoleWorkspaceTests
{
    [Theory]
    [InlineData(new[] { Roles.Patient }, "/consultations")]
    [InlineData(new[] { Roles.Nurse }, "/triage")]
    [InlineData(new[] { Roles.Clinician }, "/summaries")]
    [InlineData(new[] { Roles.Admin }, "/admin/users")]
    [InlineData(new[] { Roles.Nurse, Roles.Clinician }, "/")]
    [InlineData(new string[0], "/")]
    [InlineData(new[] { "Auditor" }, "/")]
    public void For_Roles_TheOneWorkspaceOrHome(string[] roles, string expected)
    {
        Assert.Equal(expected, RoleWorkspace.For(roles));
    }
}
