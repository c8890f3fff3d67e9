using Microsoft.Extensions.Configuration;
using Npgsql;

namespace MedPortal.Core.Data;

/// <summary>
/// The two PostgreSQL roles MedPortal uses: the runtime role the app works as (<c>ConnectionStrings:MedPortal</c>),
/// which owns nothing and may only append to and read the audit tables, and the owner role that runs the migrations
/// (<c>ConnectionStrings:MedPortalOwner</c>). Both must name the same database.
/// </summary>
/// <param name="Runtime">The runtime role's connection string.</param>
/// <param name="Owner">The owner role's connection string; null when only one connection is configured.</param>
public sealed record DatabaseConnections(string Runtime, string? Owner)
{
    /// <summary>The runtime role's name.</summary>
    public string RuntimeRole => new NpgsqlConnectionStringBuilder(Runtime).Username ?? "";

    /// <summary>The connection the migrations run on: the owner's, or the runtime role's when there is no owner.</summary>
    public string MigrationConnectionString => SeparationProblem is null ? Owner! : Runtime;

    /// <summary>
    /// Why the runtime role would be able to change the schema and the audit rows (null when the roles are separate):
    /// the database then still protects the audit log only through HMACs and checkpoints.
    /// </summary>
    public string? SeparationProblem =>
        string.IsNullOrWhiteSpace(Owner)
            ? $"ConnectionStrings:{DataExtensions.OwnerConnectionStringName} is not set, so the migrations run as the runtime role, which then owns every table"
            : string.Equals(new NpgsqlConnectionStringBuilder(Owner).Username, RuntimeRole, StringComparison.Ordinal)
                ? $"ConnectionStrings:{DataExtensions.OwnerConnectionStringName} names the same role as ConnectionStrings:{DataExtensions.ConnectionStringName}"
                : null;

    /// <summary>Reads both connection strings from configuration.</summary>
    /// <exception cref="MedPortalConfigurationException">The owner's connection names another server or database than the runtime one.</exception>
    public static DatabaseConnections From(IConfiguration configuration)
    {
        var runtime = configuration.GetConnectionString(DataExtensions.ConnectionStringName) ?? "";
        var owner = configuration.GetConnectionString(DataExtensions.OwnerConnectionStringName);
        var connections = new DatabaseConnections(runtime, string.IsNullOrWhiteSpace(owner) ? null : owner);
        if (connections.Owner is not null && Target(connections.Owner) != Target(runtime))
        {
            // Migrating one database while the app works in another leaves the app without tables: say so at once.
            throw new MedPortalConfigurationException(
                $"ConnectionStrings:{DataExtensions.OwnerConnectionStringName} must name the same host, port and database as ConnectionStrings:{DataExtensions.ConnectionStringName}; only the user and password differ.");
        }
        return connections;
    }

    private static (string Host, int Port, string Database) Target(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Npgsql connects to the database named like the user when none is given.
        return ((builder.Host ?? "").Trim().ToLowerInvariant(), builder.Port, builder.Database ?? builder.Username ?? "");
    }
}
