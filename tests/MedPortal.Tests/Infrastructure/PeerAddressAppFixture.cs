using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MedPortal.Tests.Infrastructure;

/// <summary>
/// One app on its own database whose client address comes from <see cref="PeerAddressFromTestHeader"/>, so a test can
/// post from as many addresses as it needs (rate limits are per address). Subclasses add settings.
/// </summary>
public abstract class PeerAddressAppFixture : IAsyncLifetime
{
    private MedPortalApp? app;

    public MedPortalApp App => app ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>Settings for the app (configuration keys with ':'); none by default.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    public async Task InitializeAsync()
    {
        app = new MedPortalApp(await TestDatabase.CreateAsync(), Settings, services => services.AddSingleton<IStartupFilter, PeerAddressFromTestHeader>());
        _ = app.Server;
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
