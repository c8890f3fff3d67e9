using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MedPortal.Core.Data;

/// <summary>
/// Applies the versioned SQL files embedded under <c>Data/Migrations</c> in order, once each, inside one transaction per file.
/// There is no dotnet-ef here (see docs/decisions/0003-sql-migrations.md); a test checks the migrated schema against the EF model.
/// </summary>
public sealed partial class SchemaMigrator(ILogger<SchemaMigrator> logger)
{
    // Any constant works; it only has to be the same for every MedPortal instance sharing the database.
    private const long AdvisoryLockKey = 0x4D6564506F7274;

    /// <summary>The migrations shipped in this build, ordered by version.</summary>
    public static IReadOnlyList<SchemaMigration> Embedded { get; } = LoadEmbedded();

    /// <summary>
    /// Applies every pending migration as the owner and grants the runtime role its privileges
    /// (<see cref="RuntimeRoleGrants"/>). Without a separate owner the migrations run as the runtime role, which then
    /// owns the tables and could rewrite the audit log: that fails when <paramref name="requireSeparateRoles"/> is set
    /// (outside Development), and is logged as a warning otherwise.
    /// </summary>
    /// <returns>The versions applied by this call.</returns>
    /// <exception cref="MedPortalConfigurationException">The roles are not separate and <paramref name="requireSeparateRoles"/> is set.</exception>
    public async Task<IReadOnlyList<string>> MigrateAsync(DatabaseConnections connections, bool requireSeparateRoles, CancellationToken cancellationToken = default)
    {
        var problem = connections.SeparationProblem;
        if (problem is not null && requireSeparateRoles)
        {
            throw NotProtected(problem);
        }
        var separate = problem is null;
        var applied = await MigrateAsync(connections.MigrationConnectionString, separate ? connections.RuntimeRole : null, cancellationToken);
        if (separate)
        {
            await using var connection = new NpgsqlConnection(connections.MigrationConnectionString);
            await connection.OpenAsync(cancellationToken);
            problem = await RuntimeRoleGrants.FindProblemAsync(connection, connections.RuntimeRole, cancellationToken);
            if (problem is not null && requireSeparateRoles)
            {
                throw NotProtected(problem);
            }
        }
        if (problem is not null)
        {
            LogAuditNotProtected(problem);
        }
        return applied;
    }

    /// <summary>
    /// Applies every pending migration on <paramref name="connectionString"/>; then, when <paramref name="runtimeRole"/>
    /// is given, grants that role what the app needs. Safe to call from several instances at once.
    /// </summary>
    /// <returns>The versions applied by this call.</returns>
    public async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, string? runtimeRole = null, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version text PRIMARY KEY,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);
            var applied = await ReadAppliedAsync(connection, cancellationToken);
            var done = new List<string>();
            foreach (var migration in Embedded)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {migration.Version} was changed after it was applied (checksum {checksum} in the database, {migration.Checksum} in this build). Add a new migration instead of editing an applied one.");
                    }
                    continue;
                }
                await ApplyAsync(connection, migration, cancellationToken);
                done.Add(migration.Version);
            }
            if (runtimeRole is not null)
            {
                // After every run, not only when something was applied: an upgraded database gets its grants too.
                await RuntimeRoleGrants.ApplyAsync(connection, runtimeRole, cancellationToken);
            }
            return done;
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, SchemaMigration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(migration.Sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)", connection, transaction))
        {
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
            record.Parameters.Add(new NpgsqlParameter { Value = migration.Checksum });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        LogApplied(migration.Version);
    }

    private static async Task<Dictionary<string, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetString(0)] = reader.GetString(1);
        }
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<SchemaMigration> LoadEmbedded()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        const string prefix = "MedPortal.Core.Data.Migrations.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Read(assembly, n, n[prefix.Length..^".sql".Length]))
            .OrderBy(m => m.Version, StringComparer.Ordinal)
            .ToList();
    }

    private static SchemaMigration Read(Assembly assembly, string resource, string version)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var sql = reader.ReadToEnd().ReplaceLineEndings("\n");
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
        return new SchemaMigration(version, sql, checksum);
    }

    private static MedPortalConfigurationException NotProtected(string problem) => new(
        $"The audit log would not be protected by the database: {problem}. Outside Development MedPortal runs its migrations as a separate owner role: " +
        $"set ConnectionStrings:{DataExtensions.OwnerConnectionStringName} (environment ConnectionStrings__{DataExtensions.OwnerConnectionStringName}) to a role that owns the database, " +
        $"and ConnectionStrings:{DataExtensions.ConnectionStringName} to a role that owns nothing (see docs/security.md, \"Database roles\").");

    [LoggerMessage(Level = LogLevel.Warning, Message = "The audit log is not protected by database roles: {Problem}. Only the HMACs and checkpoints catch a rewrite; set ConnectionStrings:MedPortalOwner")]
    private partial void LogAuditNotProtected(string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied schema migration {Version}")]
    private partial void LogApplied(string version);
}

/// <summary>One versioned SQL migration.</summary>
/// <param name="Version">The file name without extension, e.g. <c>0001_identity</c>; applied in ordinal order.</param>
/// <param name="Sql">The statements.</param>
/// <param name="Checksum">SHA-256 of the normalised text, to catch edits of applied migrations.</param>
public sealed record SchemaMigration(string Version, string Sql, string Checksum);
