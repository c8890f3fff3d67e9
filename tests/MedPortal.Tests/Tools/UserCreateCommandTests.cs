using System.Net;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Tests.Tools;

/// <summary>Runs the real <c>medportal-cli user create</c> process, as <c>./medportal user create</c> does.</summary>
public sealed class UserCreateCommandTests
{
    [Fact]
    public async Task UserCreate_Admin_PrintedPasswordSignsInAsAdminAndIsAudited()
    {
        var database = await TestDatabase.CreateAsync();
        var email = $"first.admin{Guid.NewGuid():N}@clinic.example";

        var result = await RunAsync(database, "--email", email, "--role", "admin");

        Assert.True(result.ExitCode == 0, result.All);
        var password = result.Output.Split('\n').Single(l => l.StartsWith("One-time password", StringComparison.Ordinal)).Split(": ")[1].Trim();
        await using var app = new MedPortalApp(database);
        using var client = AccountClient.CreateClient(app);
        var signIn = await AccountClient.PostLoginAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/audit")).StatusCode);
        await using var db = app.CreateDb();
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var actions = await db.AuditEvents.Where(e => e.ResourceType == "user" && e.ResourceId == userId).Select(e => e.Action).ToListAsync();
        Assert.Equal(["user.create", "user.role-assign:Admin"], actions.Order().ToList());
    }

    [Fact]
    public async Task UserCreate_EmailTaken_RefusedAndPasswordUnchanged()
    {
        await using var database = await TestDatabase.CreateAsync();
        var email = $"taken{Guid.NewGuid():N}@clinic.example";
        Assert.Equal(0, (await RunAsync(database, "--email", email, "--role", "Nurse")).ExitCode);

        var again = await RunAsync(database, "--email", email, "--role", "Admin");

        Assert.Equal(1, again.ExitCode);
        Assert.DoesNotContain("One-time password", again.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--email", "x@clinic.example", "--role", "Superuser")]
    [InlineData("--role", "Admin")]
    public async Task UserCreate_BadArguments_UsageExit2(params string[] args)
    {
        var result = await RunAsync(TestDatabase.AppServerConnectionString, TestDatabase.OwnerServerConnectionString, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("usage: medportal user create", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserCreate_NoOwnerConnection_RefusedNamingTheSetting()
    {
        await using var database = await TestDatabase.CreateAsync();

        var result = await RunAsync(database.ConnectionString, null, "--email", $"x{Guid.NewGuid():N}@clinic.example", "--role", "Admin");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ConnectionStrings__MedPortalOwner", result.All, StringComparison.Ordinal);
        await using var connection = new Npgsql.NpgsqlConnection(database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var tables = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", connection);
        Assert.Equal(0L, await tables.ExecuteScalarAsync()); // nothing was migrated as the runtime role
    }

    private static Task<ProcessResult> RunAsync(TestDatabase database, params string[] args) =>
        RunAsync(database.ConnectionString, database.OwnerConnectionString, args);

    private static Task<ProcessResult> RunAsync(string connectionString, string? ownerConnectionString, params string[] args) =>
        ChildProcess.RunAsync("dotnet", [RepoPaths.CliDll, "user", "create", .. args],
            new Dictionary<string, string?>
            {
                ["ConnectionStrings__MedPortal"] = connectionString,
                ["ConnectionStrings__MedPortalOwner"] = ownerConnectionString,
            }, timeout: TimeSpan.FromSeconds(90));
}
