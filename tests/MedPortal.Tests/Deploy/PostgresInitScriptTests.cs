using System.Globalization;
using MedPortal.Core.Data;
using MedPortal.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MedPortal.Tests.Deploy;

/// <summary>deploy/postgres-init, which the postgres image runs on a new compose volume, against a fresh cluster.</summary>
public sealed class PostgresInitScriptTests
{
    [Fact]
    public async Task InitScript_NewVolume_TwoRolesAndTheAppCannotChangeAuditRows()
    {
        await using var cluster = await PrivateCluster.StartAsync();
        var port = cluster.Port.ToString(CultureInfo.InvariantCulture);

        var init = await ChildProcess.RunAsync("sh", [Path.Combine(RepoPaths.Root, "deploy", "postgres-init", "10-medportal-roles.sh")],
            new Dictionary<string, string?>
            {
                ["PGHOST"] = "127.0.0.1", ["PGPORT"] = port, ["POSTGRES_USER"] = "postgres",
                ["MEDPORTAL_OWNER_PASSWORD"] = "owner-secret-1", ["MEDPORTAL_APP_PASSWORD"] = "app-secret-1",
            });

        Assert.True(init.ExitCode == 0, init.All);
        var superuser = $"Host=127.0.0.1;Port={port};Username=postgres;Database=medportal;Pooling=false";
        Assert.Equal("medportal_owner scram scram f f", await ScalarAsync(superuser, """
            SELECT concat_ws(' ', pg_get_userbyid(d.datdba),
                             (SELECT CASE WHEN rolpassword LIKE 'SCRAM-SHA-256$%' THEN 'scram' END FROM pg_authid WHERE rolname = 'medportal_owner'),
                             (SELECT CASE WHEN rolpassword LIKE 'SCRAM-SHA-256$%' THEN 'scram' END FROM pg_authid WHERE rolname = 'medportal'),
                             (SELECT rolsuper FROM pg_roles WHERE rolname = 'medportal'), (SELECT rolcreatedb FROM pg_roles WHERE rolname = 'medportal'))
            FROM pg_database d WHERE d.datname = 'medportal'
            """));
        var connections = new DatabaseConnections(
            $"Host=127.0.0.1;Port={port};Database=medportal;Username=medportal;Password=app-secret-1",
            $"Host=127.0.0.1;Port={port};Database=medportal;Username=medportal_owner;Password=owner-secret-1");
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(connections, requireSeparateRoles: true);
        var error = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(connections.Runtime, "DELETE FROM audit_events RETURNING 'x'"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
    }

    private static async Task<string?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync();
    }
}
