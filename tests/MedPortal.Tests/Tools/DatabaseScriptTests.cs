using MedPortal.Tests.Infrastructure;
using Npgsql;

namespace MedPortal.Tests.Tools;

/// <summary>The private clusters ./medportal makes: passwords required, none of them the old literal, fsync on for run.</summary>
[Collection(TestClusterMedportalDatabase.Name)]
public sealed class DatabaseScriptTests
{
    [Fact]
    public async Task DbStart_DatabaseFromBeforeTheRoleSplit_HandedToTheOwnerOnce()
    {
        // Before the roles were split the app's role owned the database and every table in it.
        var admin = new NpgsqlConnectionStringBuilder(TestDatabase.AdminServerConnectionString) { Database = "medportal", Pooling = false }.ConnectionString;
        var table = "old_owner_probe_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(admin, $"ALTER DATABASE medportal OWNER TO medportal; CREATE TABLE {table} (v text); ALTER TABLE {table} OWNER TO medportal;");
        try
        {
            var start = await ScriptAsync("db", "start", "--test");

            Assert.True(start.ExitCode == 0, start.All);
            Assert.Contains("moving the medportal database and its tables from the app role medportal to medportal_owner", start.All, StringComparison.Ordinal);
            Assert.Equal("medportal_owner medportal_owner false", await ScalarAsync(admin, $"""
                SELECT concat_ws(' ', pg_get_userbyid(d.datdba), (SELECT tableowner FROM pg_tables WHERE tablename = '{table}'),
                                 (SELECT rolcreatedb::text FROM pg_roles WHERE rolname = 'medportal'))
                FROM pg_database d WHERE d.datname = 'medportal'
                """));
            var again = await ScriptAsync("db", "start", "--test");
            Assert.True(again.ExitCode == 0, again.All);
            Assert.DoesNotContain("moving the medportal database", again.All, StringComparison.Ordinal);
            Assert.Equal("600", await ModeAsync(Path.Combine(RepoPaths.Root, ".data", "pg-owner.password-test")));
        }
        finally
        {
            await ExecuteAsync(admin, $"DROP TABLE IF EXISTS {table}");
        }
    }

    [Fact]
    public async Task TestCluster_OwnerRoleWithoutPassword_Refused()
    {
        var noPassword = new NpgsqlConnectionStringBuilder(TestDatabase.OwnerServerConnectionString) { Password = null };

        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => OpenAsync(noPassword.ConnectionString));

        Assert.Contains("password", error.Message, StringComparison.OrdinalIgnoreCase);
    }

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
        Assert.Equal("600", await ModeAsync(Path.Combine(RepoPaths.Root, ".data", "pg-owner.password")));
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

    private static Task<ProcessResult> ScriptAsync(params string[] args) =>
        ChildProcess.RunAsync(Path.Combine(RepoPaths.Root, "medportal"), args, null, RepoPaths.Root, TimeSpan.FromMinutes(3));

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync();
    }

    private static async Task<string> ModeAsync(string path) =>
        (await ChildProcess.RunAsync("stat", ["-c", "%a", path])).Output.Trim();
}
