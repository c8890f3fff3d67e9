using MedPortal.Core.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedPortal.Tests.Infrastructure;

/// <summary>
/// The real MedPortal web app on its own fresh database. <see cref="StartKestrelAsync"/> serves it on a loopback port for
/// the browser; <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> talks to it in memory.
/// </summary>
public sealed class MedPortalApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;

    private readonly Action<IServiceCollection>? configureServices;

    private readonly string environment;

    /// <param name="database">The database the app runs on (disposed with the app).</param>
    /// <param name="overrides">Settings (configuration keys with ':').</param>
    /// <param name="configureServices">Replaces services after the app's own registrations.</param>
    /// <param name="environment">The host environment; Production for what only applies outside Development.</param>
    public MedPortalApp(TestDatabase database, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configureServices = null,
        string environment = "Development")
    {
        Database = database;
        this.configureServices = configureServices;
        this.environment = environment;
        settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:MedPortal"] = database.ConnectionString,
            ["ConnectionStrings:MedPortalOwner"] = database.OwnerConnectionString,
            ["DemoAccounts:Enabled"] = "true",
            // Tests that are not about rate limits sign in and register far more often than a person would.
            ["RateLimits:SignIn:PermitLimit"] = "100000",
            ["RateLimits:Registration:PermitLimit"] = "100000",
            ["RateLimits:Export:PermitLimit"] = "100000",
            ["RateLimits:ChatSend:PermitLimit"] = "100000",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
    }

    public TestDatabase Database { get; }

    /// <summary>The base address once <see cref="StartKestrelAsync"/> has run.</summary>
    public Uri? BaseAddress { get; private set; }

    public static async Task<MedPortalApp> CreateAsync(IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? configureServices = null) =>
        new(await TestDatabase.CreateAsync(), overrides, configureServices);

    public Task<Uri> StartKestrelAsync()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));
        return Task.FromResult(BaseAddress);
    }

    public MedPortalDb CreateDb() => Services.GetRequiredService<IDbContextFactory<MedPortalDb>>().CreateDbContext();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development by default: static web assets resolve from the project, as with ./medportal run.
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
