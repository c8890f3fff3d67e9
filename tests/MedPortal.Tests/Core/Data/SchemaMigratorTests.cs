using MedPortal.Core.Data;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace MedPortal.Tests.Core.Data;

public sealed class SchemaMigratorTests
{
    [Fact]
    public async Task MigrateAsync_FreshDatabase_SchemaMatchesEfModel()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.MigrateAsync();

        var columns = await ReadColumnsAsync(database.OwnerConnectionString);
        await using var db = new MedPortalDb(new DbContextOptionsBuilder<MedPortalDb>().UseNpgsql(database.ConnectionString).Options);
        var problems = new List<string>();
        var modelTables = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in db.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            modelTables.Add(table);
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName(store)!;
                if (!columns.TryGetValue((table, column), out var actual))
                {
                    problems.Add($"{table}.{column} is in the EF model but not in the migrated schema");
                    continue;
                }
                var expectedType = property.GetColumnType(store);
                if (!SameType(expectedType, actual.Type))
                {
                    problems.Add($"{table}.{column}: model says {expectedType}, schema has {actual.Type}");
                }
                if (property.IsColumnNullable(store) != actual.Nullable)
                {
                    problems.Add($"{table}.{column}: model nullable={property.IsColumnNullable(store)}, schema nullable={actual.Nullable}");
                }
            }
        }
        foreach (var (table, column) in columns.Keys.Where(k => k.Table != "schema_migrations"))
        {
            if (!modelTables.Contains(table))
            {
                problems.Add($"table {table} exists in the schema but not in the EF model");
            }
            else if (!db.Model.GetEntityTypes().Where(e => e.GetTableName() == table)
                         .SelectMany(e => e.GetProperties().Select(p => p.GetColumnName(StoreObjectIdentifier.Table(table, null))))
                         .Contains(column))
            {
                problems.Add($"{table}.{column} exists in the schema but not in the EF model");
            }
        }
        Assert.Empty(problems);
    }

    [Fact]
    public async Task MigrateAsync_SecondRun_AppliesNothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        var first = await database.MigrateAsync();
        var second = await database.MigrateAsync();

        Assert.Equal(SchemaMigrator.Embedded.Select(m => m.Version), first);
        Assert.Empty(second);
    }

    [Fact]
    public async Task MigrateAsync_ThreeInstancesAtOnce_EachMigrationAppliedOnce()
    {
        await using var database = await TestDatabase.CreateAsync();
        var runs = Enumerable.Range(0, 3).Select(_ => database.MigrateAsync());

        var results = await Task.WhenAll(runs);

        Assert.Equal(SchemaMigrator.Embedded.Count, results.Sum(r => r.Count));
    }

    [Fact]
    public async Task MigrateAsync_AppliedMigrationEdited_FailsNamingTheVersion()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.MigrateAsync();
        await database.ExecuteAsAdminAsync("UPDATE schema_migrations SET checksum = 'x' WHERE version = '0001_identity'");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => database.MigrateAsync());

        Assert.Contains("0001_identity", error.Message, StringComparison.Ordinal);
    }

    private static bool SameType(string expected, string actual) =>
        Normalize(expected) == Normalize(actual);

    private static string Normalize(string type) => type.ToLowerInvariant()
        .Replace("timestamp with time zone", "timestamptz", StringComparison.Ordinal)
        .Replace("character varying", "varchar", StringComparison.Ordinal)
        .Replace("character(", "char(", StringComparison.Ordinal)
        .Replace(" ", "", StringComparison.Ordinal);

    private static async Task<Dictionary<(string Table, string Column), (string Type, bool Nullable)>> ReadColumnsAsync(string connectionString)
    {
        var result = new Dictionary<(string, string), (string, bool)>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT c.table_name, c.column_name, format_type(a.atttypid, a.atttypmod), c.is_nullable = 'YES'
            FROM information_schema.columns c
            JOIN pg_attribute a ON a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass AND a.attname = c.column_name
            WHERE c.table_schema = 'public'
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[(reader.GetString(0), reader.GetString(1))] = (reader.GetString(2), reader.GetBoolean(3));
        }
        return result;
    }
}
