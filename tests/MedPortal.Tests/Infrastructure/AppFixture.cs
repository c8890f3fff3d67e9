namespace MedPortal.Tests.Infrastructure;

/// <summary>One running app per test class that shares it (xUnit class fixture).</summary>
public sealed class AppFixture : IAsyncLifetime
{
    private MedPortalApp? app;

    public MedPortalApp App => app ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        app = await MedPortalApp.CreateAsync();
        _ = app.Server; // starts the host: migrations and demo accounts run now, not inside the first test
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
