using MedPortal.Core.Data;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MedPortal.Tests.Core.Data;

/// <summary>The two database roles: the owner migrates, the runtime role the app works as owns nothing.</summary>
public sealed class RuntimeRoleGrantsTests : IAsyncLifetime
{
    private const string Dml = "SELECT,INSERT,UPDATE,DELETE";

    private TestDatabase database = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        await database.MigrateAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    /// <summary>What the runtime role may do on each table. A table a new migration adds gets <see cref="Dml"/>
    /// unless it is listed here; one it cannot use, or one with more (TRUNCATE, REFERENCES, TRIGGER), fails.</summary>
    private static string Expected(string table) => table switch
    {
        "audit_events" or "audit_seals" => "SELECT,INSERT",
        "schema_migrations" => "",
        _ => Dml,
    };

    [Fact]
    public async Task Migrate_EveryTableAndSequence_OwnedByTheOwnerWithExactlyTheRuntimeGrants()
    {
        var objects = await ReadPrivilegesAsync();
        var owner = new NpgsqlConnectionStringBuilder(database.OwnerConnectionString).Username;

        Assert.Contains(objects, o => o.Name == "audit_events");
        Assert.Contains(objects, o => o.Name == "audit_events_seq");
        var problems = objects
            .Where(o => o.Owner != owner || o.Privileges != (o.IsSequence ? "USAGE" : Expected(o.Name)))
            .Select(o => $"{o.Name}: owner {o.Owner}, runtime role may {o.Privileges}")
            .ToList();
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Migrate_TableCreatedLaterByTheOwner_UsableByTheRuntimeRole()
    {
        // A migration added after this one, with no GRANT of its own: default privileges cover it at once.
        await ExecuteAsync(database.OwnerConnectionString, "CREATE TABLE later_feature (id bigserial PRIMARY KEY, note text NOT NULL)");

        await ExecuteAsync(database.ConnectionString, """
            INSERT INTO later_feature (note) VALUES ('a'), ('b');
            UPDATE later_feature SET note = 'c' WHERE note = 'a';
            DELETE FROM later_feature WHERE note = 'b';
            """);

        Assert.Equal("c", await ScalarAsync(database.ConnectionString, "SELECT string_agg(note, ',') FROM later_feature"));
        Assert.Equal(Dml, (await ReadPrivilegesAsync()).Single(o => o.Name == "later_feature").Privileges);
    }

    [Fact]
    public async Task Migrate_DatabaseUpgradedFromOneRole_RuntimeRoleKeepsOnlyItsGrants()
    {
        // Before the roles were split the app's role owned the database and every table.
        await using var old = await TestDatabase.CreateAsync();
        await old.ExecuteAsAdminAsync($"ALTER DATABASE {old.Name} OWNER TO {database.Connections.RuntimeRole}");
        var warnings = new WarningCollector();
        await new SchemaMigrator(warnings).MigrateAsync(new DatabaseConnections(old.ConnectionString, null), requireSeparateRoles: false);
        Assert.Contains("The audit log is not protected by database roles: ConnectionStrings:MedPortalOwner is not set", Assert.Single(warnings.Messages), StringComparison.Ordinal);
        Assert.Equal(database.Connections.RuntimeRole, await ScalarAsync(old.AdminConnectionString, "SELECT tableowner FROM pg_tables WHERE tablename = 'audit_events'"));
        // What ./medportal's set-up does once to such a database, then the next start as the owner.
        var owner = new NpgsqlConnectionStringBuilder(old.OwnerConnectionString).Username;
        await old.ExecuteAsAdminAsync($"ALTER DATABASE {old.Name} OWNER TO {owner}; REASSIGN OWNED BY {old.Connections.RuntimeRole} TO {owner}");

        await old.MigrateAsync();

        await using var connection = new NpgsqlConnection(old.ConnectionString);
        await connection.OpenAsync();
        await using var update = new NpgsqlCommand("UPDATE audit_events SET action = 'x'", connection);
        var error = await Assert.ThrowsAsync<PostgresException>(() => update.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.Equal(owner, await ScalarAsync(old.AdminConnectionString, "SELECT string_agg(DISTINCT tableowner, ',') FROM pg_tables WHERE schemaname = 'public'"));
    }

    [Fact]
    public async Task Migrate_RuntimeRoleMemberOfTheOwner_RefusedOutsideDevelopment()
    {
        var probe = "mp_probe_" + Guid.NewGuid().ToString("N")[..8];
        var owner = new NpgsqlConnectionStringBuilder(database.OwnerConnectionString).Username;
        await database.ExecuteAsAdminAsync($"CREATE ROLE {probe} LOGIN PASSWORD 'probe-{probe}' IN ROLE {owner}");
        try
        {
            var runtime = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = probe, Password = $"probe-{probe}" }.ConnectionString;
            var migrator = new SchemaMigrator(NullLogger<SchemaMigrator>.Instance);

            var error = await Assert.ThrowsAsync<MedPortalConfigurationException>(
                () => migrator.MigrateAsync(new DatabaseConnections(runtime, database.OwnerConnectionString), requireSeparateRoles: true));

            Assert.Contains("member of, the owner role", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await database.ExecuteAsAdminAsync($"DROP OWNED BY {probe}; DROP ROLE {probe}");
        }
    }

    [Fact]
    public async Task Migrate_NoOwnerConnectionOutsideDevelopment_RefusedBeforeCreatingAnything()
    {
        await using var fresh = await TestDatabase.CreateAsync();
        var migrator = new SchemaMigrator(NullLogger<SchemaMigrator>.Instance);

        var error = await Assert.ThrowsAsync<MedPortalConfigurationException>(
            () => migrator.MigrateAsync(new DatabaseConnections(fresh.ConnectionString, null), requireSeparateRoles: true));

        Assert.Contains("ConnectionStrings:MedPortalOwner is not set", error.Message, StringComparison.Ordinal);
        Assert.Equal("0", await ScalarAsync(fresh.AdminConnectionString, "SELECT count(*)::text FROM pg_tables WHERE schemaname = 'public'"));
    }

    [Fact]
    public async Task App_StartedByTheTestFixture_WorksAsTheRuntimeRole()
    {
        await using var app = new MedPortalApp(TestDatabase.ForExisting(database));
        _ = app.Server;
        await using var db = app.CreateDb();

        var user = await db.Database.SqlQueryRaw<string>("SELECT current_user::text AS \"Value\"").SingleAsync();

        Assert.Equal(database.Connections.RuntimeRole, user);
        Assert.NotEqual(new NpgsqlConnectionStringBuilder(database.OwnerConnectionString).Username, user);
        Assert.True(await db.Users.AnyAsync()); // the demo accounts were seeded through it
    }

    /// <summary>Keeps the warnings the migrator logs (Development's single-role fallback).</summary>
    private sealed class WarningCollector : ILogger<SchemaMigrator>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Messages.Add(formatter(state, exception));
            }
        }
    }

    private async Task<List<(string Name, bool IsSequence, string Owner, string Privileges)>> ReadPrivilegesAsync()
    {
        var result = new List<(string, bool, string, string)>();
        await using var connection = new NpgsqlConnection(database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT c.relname, c.relkind = 'S', pg_get_userbyid(c.relowner),
                   CASE WHEN c.relkind = 'S'
                        THEN array_to_string(ARRAY(SELECT p FROM unnest(ARRAY['USAGE', 'SELECT', 'UPDATE']) p
                                                   WHERE has_sequence_privilege($1, c.oid, p)), ',')
                        ELSE array_to_string(ARRAY(SELECT p FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p
                                                   WHERE has_table_privilege($1, c.oid, p)), ',')
                   END
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
            ORDER BY c.relname
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = database.Connections.RuntimeRole });
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result.Add((reader.GetString(0), reader.GetBoolean(1), reader.GetString(2), reader.GetString(3)));
        }
        return result;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync();
    }
}
