using MedPortal.Tests.Infrastructure;
using Npgsql;

namespace MedPortal.Tests.Tools;

/// <summary>The private clusters ./medportal makes: passwords required, none of them the old literal, fsync on for run.</summary>
public sealed class DatabaseScriptTests
{
    [Fact]
    public async Task TestCluster_SuperuserWithoutPassword_Refused()
    {
        var noPassword = new NpgsqlConnectionStringBuilder(TestDatabase.AdminServerConnectionString) { Password = null };

        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => OpenAsync(noPassword.ConnectionString));

        Assert.Contains("password", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TestCluster_AppRoleWithOldLiteralPassword_Refused()
    {
        var old = new NpgsqlConnectionStringBuilder(TestDatabase.AppServerConnectionString) { Password = "medportal" };

        var error = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(old.ConnectionString));

        Assert.Equal("28P01", error.SqlState); // invalid_password
    }

    [Fact]
    public async Task DbStart_MainCluster_FsyncOnWithGeneratedPassword()
    {
        // The main cluster is the one ./medportal run serves; starting it is idempotent and leaves a running one alone.
        var environment = new Dictionary<string, string?> { ["MEDPORTAL_CLUSTER"] = null, ["MEDPORTAL_PG_PORT"] = null };
        var start = await ChildProcess.RunAsync(Path.Combine(RepoPaths.Root, "medportal"), ["db", "start"], environment, RepoPaths.Root, TimeSpan.FromMinutes(3));
        Assert.True(start.ExitCode == 0, start.All);
        var connectionString = start.Output.Trim().Split('\n')[^1];
        var password = new NpgsqlConnectionStringBuilder(connectionString).Password;

        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand("SHOW fsync", connection);

        Assert.Equal("on", (string?)await command.ExecuteScalarAsync());
        Assert.False(string.IsNullOrEmpty(password));
        Assert.NotEqual("medportal", password);
        Assert.Equal("600", await ModeAsync(Path.Combine(RepoPaths.Root, ".data", "pg-app.password")));
        Assert.Equal("600", await ModeAsync(Path.Combine(RepoPaths.Root, ".data", "pg-superuser.password")));
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<string> ModeAsync(string path) =>
        (await ChildProcess.RunAsync("stat", ["-c", "%a", path])).Output.Trim();
}
