using MedPortal.Tests.Infrastructure;
using Npgsql;

namespace MedPortal.Tests.Tools;

/// <summary><c>./medportal db backup</c> and <c>db restore</c> on the test cluster's medportal database, as an operator runs them.</summary>
[Collection(TestClusterMedportalDatabase.Name)]
public sealed class DatabaseBackupScriptTests
{
    [Fact]
    public async Task BackupThenRestore_ChangesAfterTheBackup_RolledBackToTheBackup()
    {
        var table = "backup_probe_" + Guid.NewGuid().ToString("N")[..12];
        // The owner: the app's runtime role cannot create tables.
        var connectionString = new NpgsqlConnectionStringBuilder(TestDatabase.OwnerServerConnectionString) { Database = "medportal", Pooling = false }.ConnectionString;
        await ExecuteAsync(connectionString, $"CREATE TABLE {table} (v text NOT NULL); INSERT INTO {table} VALUES ('before backup');");
        var file = Path.Combine(Path.GetTempPath(), $"{table}.dump");
        try
        {
            var backup = await ScriptAsync("db", "backup", file, "--test");
            Assert.True(backup.ExitCode == 0, backup.All);
            Assert.Equal("600", (await ChildProcess.RunAsync("stat", ["-c", "%a", file])).Output.Trim());
            await ExecuteAsync(connectionString, $"DELETE FROM {table}; INSERT INTO {table} VALUES ('after backup');");

            var restore = await ScriptAsync("db", "restore", file, "--test");

            Assert.True(restore.ExitCode == 0, restore.All);
            Assert.Equal(["before backup"], await ReadAsync(connectionString, $"SELECT v FROM {table}"));
        }
        finally
        {
            await ExecuteAsync(connectionString, $"DROP TABLE IF EXISTS {table}");
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Restore_MissingFile_FailsNamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.dump");

        var restore = await ScriptAsync("db", "restore", missing, "--test");

        Assert.NotEqual(0, restore.ExitCode);
        Assert.Contains(missing, restore.All, StringComparison.Ordinal);
    }

    private static Task<ProcessResult> ScriptAsync(params string[] args) =>
        ChildProcess.RunAsync(Path.Combine(RepoPaths.Root, "medportal"), args, null, RepoPaths.Root, TimeSpan.FromMinutes(3));

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> ReadAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }
}
