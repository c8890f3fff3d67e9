using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MedPortal.Core.Data;

/// <summary>Registers the database.</summary>
public static class DataExtensions
{
    /// <summary>The connection string name in configuration (<c>ConnectionStrings:MedPortal</c>).</summary>
    public const string ConnectionStringName = "MedPortal";

    /// <summary>The owner role's connection string name (<c>ConnectionStrings:MedPortalOwner</c>), used only to migrate.</summary>
    public const string OwnerConnectionStringName = "MedPortalOwner";

    /// <summary>Registers <see cref="MedPortalDb"/> through a pooled factory and the schema migrator.</summary>
    /// <exception cref="MedPortalConfigurationException">The connection string is missing, or the owner's names another database; the message says how to set it.</exception>
    public static IHostApplicationBuilder AddMedPortalData(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new MedPortalConfigurationException(
                "MedPortal needs a PostgreSQL connection string: set ConnectionStrings:MedPortal in appsettings.json, " +
                "or the environment variable ConnectionStrings__MedPortal (e.g. \"Host=127.0.0.1;Port=5432;Database=medportal;Username=medportal;Password=...\"). " +
                "'./medportal run' starts a private PostgreSQL and sets it for you.");
        }
        _ = DatabaseConnections.From(builder.Configuration); // a mismatched owner connection fails here, before anything starts
        builder.Services.AddPooledDbContextFactory<MedPortalDb>(options => options.UseNpgsql(connectionString));
        builder.Services.AddSingleton<SchemaMigrator>();
        return builder;
    }
}
