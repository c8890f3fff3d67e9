using Npgsql;

namespace MedPortal.Core.Data;

/// <summary>
/// What the runtime role may do, granted by the owner after every migration run so that it covers tables whatever
/// migration made them: read and write every table, except the audit tables (append and read only) and the
/// migrations ledger (nothing); USAGE on sequences (nextval, not setval). Default privileges give tables the owner
/// creates later the same grants before this runs again. No TRUNCATE, REFERENCES or TRIGGER anywhere, and never
/// ownership: only the owner can drop the append-only triggers or alter the tables.
/// </summary>
internal static class RuntimeRoleGrants
{
    /// <summary>Tables the runtime role may only INSERT into and SELECT from. The sealer needs no more: it reads
    /// events and appends seals, and serialises itself with an advisory lock, which needs no table privilege.</summary>
    public static readonly IReadOnlyList<string> AppendOnlyTables = ["audit_events", "audit_seals"];

    /// <summary>Tables only the owner touches.</summary>
    public static readonly IReadOnlyList<string> OwnerOnlyTables = ["schema_migrations"];

    public static async Task ApplyAsync(NpgsqlConnection connection, string runtimeRole, CancellationToken cancellationToken)
    {
        var role = Quote(runtimeRole);
        var appendOnly = string.Join(", ", AppendOnlyTables);
        var ownerOnly = string.Join(", ", OwnerOnlyTables);
        // Revoke first: a database upgraded from one role keeps nothing from the time the runtime role owned it.
        var sql = $"""
            REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role};
            REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
            GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role};
            REVOKE UPDATE, DELETE ON {appendOnly} FROM {role};
            REVOKE ALL ON {ownerOnly} FROM {role};
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role};
            ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO {role};
            """;
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(sql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Why the runtime role could still change audit rows or the schema after the grants; null when it cannot.</summary>
    public static async Task<string?> FindProblemAsync(NpgsqlConnection connection, string runtimeRole, CancellationToken cancellationToken)
    {
        var checks = string.Join(" OR ", AppendOnlyTables.Select(t => $"has_table_privilege(r.oid, '{t}', 'UPDATE, DELETE, TRUNCATE')"));
        await using var command = new NpgsqlCommand($"""
            SELECT concat_ws('; ',
                CASE WHEN r.rolsuper THEN 'the runtime role is a superuser' END,
                CASE WHEN EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                  WHERE n.nspname = 'public' AND c.relowner = r.oid) THEN 'the runtime role owns tables' END,
                CASE WHEN pg_has_role(r.oid, (SELECT relowner FROM pg_class WHERE oid = 'audit_events'::regclass), 'USAGE')
                     THEN 'the runtime role is, or is a member of, the owner role' END,
                CASE WHEN {checks} THEN 'the runtime role may update, delete or truncate audit rows' END)
            FROM pg_roles r WHERE r.rolname = $1
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = runtimeRole });
        var problem = (string?)await command.ExecuteScalarAsync(cancellationToken);
        return string.IsNullOrEmpty(problem) ? null : problem;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
