using System.Security.Cryptography;
using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using MedPortal.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MedPortal.Cli.Users;

/// <summary>
/// <c>medportal user create --email E --role R</c>: makes a staff account (the first admin, typically) and prints a
/// generated password once. Exit 0 created, 1 refused (email taken, password rules), 2 wrong arguments or no database.
/// </summary>
internal static class UserCreateCommand
{
    /// <summary>Who the audit log names for accounts made from the command line (whoever can read .data).</summary>
    private static readonly AuditActor Operator = new("operator-cli", "Operator", null);

    public static async Task<int> RunAsync(string[] args)
    {
        var email = Option(args, "--email")?.Trim();
        var role = Roles.All.FirstOrDefault(r => string.Equals(r, Option(args, "--role"), StringComparison.OrdinalIgnoreCase));
        if (string.IsNullOrEmpty(email) || !email.Contains('@', StringComparison.Ordinal) || role is null)
        {
            await Console.Error.WriteLineAsync($"usage: medportal user create --email EMAIL --role {string.Join('|', Roles.All)}");
            return 2;
        }
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        try
        {
            builder.AddMedPortalData();
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
        builder.AddMedPortalAudit();
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<MedPortalDb>>().CreateDbContext());
        builder.Services.AddIdentityCore<MedPortalUser>(options => options.User.RequireUniqueEmail = true)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<MedPortalDb>();
        using var host = builder.Build();
        try
        {
            await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(
                DatabaseConnections.From(builder.Configuration), requireSeparateRoles: !builder.Environment.IsDevelopment());
            return await CreateAsync(host.Services, email, role);
        }
        catch (Npgsql.NpgsqlException ex)
        {
            await Console.Error.WriteLineAsync($"Could not reach PostgreSQL: {ex.Message}");
            return 2;
        }
        catch (MedPortalConfigurationException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }
    }

    private static async Task<int> CreateAsync(IServiceProvider services, string email, string role)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<MedPortalUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(role))
        {
            await roles.CreateAsync(new IdentityRole(role));
        }
        if (await users.FindByEmailAsync(email) is not null)
        {
            await Console.Error.WriteLineAsync($"An account with the email {email} already exists; nothing was changed.");
            return 1;
        }
        var password = GeneratePassword();
        var user = new MedPortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded || !(await users.AddToRoleAsync(user, role)).Succeeded)
        {
            await Console.Error.WriteLineAsync("The account was not created: " + string.Join(" ", created.Errors.Select(e => e.Description)));
            return 1;
        }
        await services.GetRequiredService<AuditLog>().WriteAsync(Operator, "user.create", "user", user.Id);
        await services.GetRequiredService<AuditLog>().WriteAsync(Operator, "user.role-assign:" + role, "user", user.Id);
        Console.WriteLine($"Created {role} account {email}.");
        Console.WriteLine($"One-time password (shown only now; sign in and change it): {password}");
        return 0;
    }

    // 24 random URL-safe characters, then one of each class so any password policy Identity applies is met.
    private static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'k').Replace('/', 'Q') + "aZ7-";

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
