using MedPortal.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace MedPortal.Tests.Infrastructure;

/// <summary>Accounts made for one test, so its data is not mixed with the demo accounts' or another test's.</summary>
public static class TestUsers
{
    /// <summary>A new confirmed patient with the demo password; returns the email.</summary>
    public static async Task<string> NewPatientAsync(this MedPortalApp app, string displayName = "Test Patient")
    {
        var email = $"patient-{Guid.NewGuid():N}@patients.example";
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MedPortalUser>>();
        var user = new MedPortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName };
        var created = await users.CreateAsync(user, AccountClient.DemoPassword);
        if (!created.Succeeded || !(await users.AddToRoleAsync(user, Roles.Patient)).Succeeded)
        {
            throw new InvalidOperationException($"Could not create a test patient: {string.Join("; ", created.Errors.Select(e => e.Description))}");
        }
        return email;
    }
}
