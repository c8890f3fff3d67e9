using MedPortal.Tests.Infrastructure;

namespace MedPortal.Tests.Web.Identity;

public sealed class StartupConfigurationTests
{
    [Fact]
    public async Task Start_MissingConnectionString_ErrorSaysWhatToSet()
    {
        await using var app = await MedPortalApp.CreateAsync(new Dictionary<string, string?> { ["ConnectionStrings:MedPortal"] = "" });

        var error = Assert.Throws<InvalidOperationException>(() => app.Server);

        Assert.Contains("ConnectionStrings:MedPortal", error.Message, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__MedPortal", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnreachableDatabase_ErrorSaysWhatToCheck()
    {
        await using var app = await MedPortalApp.CreateAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:MedPortal"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2",
        });

        var error = Assert.Throws<InvalidOperationException>(() => app.Server);

        Assert.Contains("could not reach PostgreSQL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_LockoutAttemptsOutOfRange_ErrorNamesTheSetting()
    {
        await using var app = await MedPortalApp.CreateAsync(new Dictionary<string, string?> { ["SignIn:MaxFailedAttempts"] = "0" });

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains("SignIn:MaxFailedAttempts", error.ToString(), StringComparison.Ordinal);
    }
}
