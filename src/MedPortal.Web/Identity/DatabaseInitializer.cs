using MedPortal.Core.Data;
using MedPortal.Core.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace MedPortal.Web.Identity;

/// <summary>Migrates the schema, creates the roles and, in Development, the demo accounts, before the app serves.</summary>
internal sealed partial class DatabaseInitializer(
    IServiceScopeFactory scopeFactory,
    SchemaMigrator migrator,
    IConfiguration configuration,
    IHostEnvironment environment,
    IOptions<DemoAccountOptions> demo,
    ILogger<DatabaseInitializer> logger) : IHostedLifecycleService
{
    // Starting runs before any hosted service's StartAsync: the schema (data-protection keys included) exists before
    // anything reads it.
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var connections = DatabaseConnections.From(configuration);
        try
        {
            await migrator.MigrateAsync(connections, requireSeparateRoles: !environment.IsDevelopment(), cancellationToken);
        }
        catch (Npgsql.NpgsqlException ex)
        {
            // The connection string itself may hold a password: name only what to check.
            throw new MedPortalConfigurationException(
                $"MedPortal could not reach PostgreSQL to migrate the schema ({ex.Message}). Check that the server runs and that ConnectionStrings:MedPortal and ConnectionStrings:MedPortalOwner name the right host, port, database and users.", ex);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        if (environment.IsDevelopment() || demo.Value.Enabled)
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<MedPortalUser>>();
            var created = await DemoAccounts.EnsureAsync(users, demo.Value.Password);
            // Printed once per start so whoever ran ./medportal run can sign in; demo credentials are not PHI.
            Console.WriteLine(DemoAccounts.Banner(demo.Value.Password));
            LogDemoAccounts(created);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo accounts ensured ({Created} created)")]
    private partial void LogDemoAccounts(int created);
}
