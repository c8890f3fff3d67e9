using MedPortal.Core.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MedPortal.Tests.Infrastructure;

/// <summary>
/// A throw-away database on the real PostgreSQL that ./medportal test starts. Each fixture gets its own, so tests never
/// see each other's rows. There is no fallback: without the server the tests fail and say how to start it.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly bool owned = true;

    private TestDatabase(string name, string connectionString, string ownerConnectionString, string adminConnectionString, bool owned = true)
    {
        this.owned = owned;
        Name = name;
        ConnectionString = connectionString;
        OwnerConnectionString = ownerConnectionString;
        AdminConnectionString = adminConnectionString;
    }

    /// <summary>The database name.</summary>
    public string Name { get; }

    /// <summary>Connects as the runtime role the app works as: it owns nothing (docs/security.md, "Database roles").</summary>
    public string ConnectionString { get; }

    /// <summary>Connects as the role that owns the database and runs the migrations.</summary>
    public string OwnerConnectionString { get; }

    /// <summary>Both, as the app reads them from configuration.</summary>
    public DatabaseConnections Connections => new(ConnectionString, OwnerConnectionString);

    /// <summary>Connects to this database as the superuser.</summary>
    public string AdminConnectionString { get; }

    public static string AdminServerConnectionString =>
        Environment.GetEnvironmentVariable("MEDPORTAL_TEST_PG_ADMIN") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "MEDPORTAL_TEST_PG_ADMIN is not set. Run the tests through './medportal test', which starts the private PostgreSQL and sets it.");

    /// <summary>The application role's connection to the test server (its password is generated per cluster).</summary>
    public static string AppServerConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__MedPortal") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "ConnectionStrings__MedPortal is not set. Run the tests through './medportal test', which starts the private PostgreSQL and sets it.");

    /// <summary>The owner role's connection to the test server.</summary>
    public static string OwnerServerConnectionString =>
        Environment.GetEnvironmentVariable("MEDPORTAL_TEST_PG_OWNER") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "MEDPORTAL_TEST_PG_OWNER is not set. Run the tests through './medportal test', which starts the private PostgreSQL and sets it.");

    public static async Task<TestDatabase> CreateAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(AdminServerConnectionString);
        var owner = new NpgsqlConnectionStringBuilder(OwnerServerConnectionString);
        var name = "mp_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name} OWNER {owner.Username}", connection);
            await command.ExecuteNonQueryAsync();
        }
        var app = new NpgsqlConnectionStringBuilder(AppServerConnectionString) { Database = name };
        var adminDb = new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = name };
        return new TestDatabase(name, app.ConnectionString, new NpgsqlConnectionStringBuilder(owner.ConnectionString) { Database = name }.ConnectionString, adminDb.ConnectionString);
    }

    /// <summary>Migrates as the owner and grants the runtime role its privileges, as the app does at start.</summary>
    public Task<IReadOnlyList<string>> MigrateAsync() =>
        new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(Connections, requireSeparateRoles: true);

    /// <summary>Runs SQL as the superuser in this database.</summary>
    public async Task ExecuteAsAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Wraps a database that something else created and will remove.</summary>
    public static TestDatabase ForExisting(string connectionString, string ownerConnectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new TestDatabase(builder.Database!, connectionString, ownerConnectionString, ownerConnectionString, owned: false);
    }

    /// <summary>The same database for a second app; the first one removes it.</summary>
    public static TestDatabase ForExisting(TestDatabase database) =>
        new(database.Name, database.ConnectionString, database.OwnerConnectionString, database.AdminConnectionString, owned: false);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (!owned)
        {
            return;
        }
        await using var connection = new NpgsqlConnection(AdminServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
