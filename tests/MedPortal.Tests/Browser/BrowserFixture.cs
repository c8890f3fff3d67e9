using MedPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser;

/// <summary>
/// The real app on a loopback port and Debian's Chromium driven by Playwright (no browser download).
/// One per test class; each test opens its own isolated browser context.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? playwright;
    private MedPortalApp? app;

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public MedPortalApp App => app!;

    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("MEDPORTAL_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Lets a derived fixture replace services (e.g. a controllable chat model).</summary>
    protected virtual void ConfigureServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services)
    {
    }

    /// <summary>Settings for the app (configuration keys with ':').</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>The database the app runs on; a fresh one on the shared test server unless overridden.</summary>
    protected virtual Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.CreateAsync();

    /// <summary>Disposes what a derived fixture added, after the app and browser are gone.</summary>
    protected virtual ValueTask DisposeExtraAsync() => ValueTask.CompletedTask;

    public virtual async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium not found at {ChromiumPath}. './medportal test' installs Debian's chromium; set MEDPORTAL_CHROMIUM to use another.");
        }
        // The CI machines are small and shared: generous waits, never fixed sleeps.
        Assertions.SetDefaultExpectTimeout(15_000);
        app = new MedPortalApp(await CreateDatabaseAsync(), Settings, ConfigureServices);
        BaseAddress = await app.StartKestrelAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
            ],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString().TrimEnd('/') });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        playwright?.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }
        await DisposeExtraAsync();
    }
}
