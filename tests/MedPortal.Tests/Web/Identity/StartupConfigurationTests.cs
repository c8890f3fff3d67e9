using MedPortal.Tests.Infrastructure;

namespace MedPortal.Tests.Web.Identity;

/// <summary>The real web host started as a process with a bad setting: it exits with one line saying what to fix.</summary>
public sealed class StartupConfigurationTests
{
    [Fact]
    public async Task Start_MissingConnectionString_ErrorSaysWhatToSet()
    {
        var (exitCode, output) = await StartWebAsync(new() { ["ConnectionStrings__MedPortal"] = "" });

        Assert.Equal(2, exitCode);
        Assert.Contains("MedPortal cannot start", output, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:MedPortal", output, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__MedPortal", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnreachableDatabase_ErrorSaysWhatToCheck()
    {
        var (exitCode, output) = await StartWebAsync(new() { ["ConnectionStrings__MedPortal"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=secret-pw;Timeout=2" });

        Assert.Equal(2, exitCode);
        var lastLine = output.TrimEnd().Split('\n')[^1];
        Assert.StartsWith("MedPortal cannot start: MedPortal could not reach PostgreSQL", lastLine, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-pw", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NoOwnerConnectionInProduction_RefusesToMigrateAsTheRuntimeRole()
    {
        var (exitCode, output) = await StartWebAsync(new() { ["ConnectionStrings__MedPortalOwner"] = "" });

        Assert.Equal(2, exitCode);
        var lastLine = output.TrimEnd().Split('\n')[^1];
        Assert.StartsWith("MedPortal cannot start: The audit log would not be protected by the database", lastLine, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__MedPortalOwner", lastLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_OwnerConnectionToAnotherDatabase_ErrorSaysBothMustMatch()
    {
        var (exitCode, output) = await StartWebAsync(new() { ["ConnectionStrings__MedPortalOwner"] = "Host=127.0.0.1;Port=1;Database=other;Username=none_owner;Timeout=2" });

        Assert.Equal(2, exitCode);
        Assert.Contains("ConnectionStrings:MedPortalOwner must name the same host, port and database as ConnectionStrings:MedPortal", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_LockoutAttemptsOutOfRange_ErrorNamesTheSetting()
    {
        var (exitCode, output) = await StartWebAsync(new() { ["SignIn__MaxFailedAttempts"] = "0" });

        Assert.Equal(2, exitCode);
        Assert.Contains("SignIn:MaxFailedAttempts must be between 3 and 20.", output, StringComparison.Ordinal);
        Assert.Contains("SignIn__MaxFailedAttempts", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ProxyNetworkNotCidr_ErrorNamesTheSetting()
    {
        var (exitCode, output) = await StartWebAsync(new() { ["ReverseProxy__KnownNetworks__0"] = "10.0.0.0/33" });

        Assert.Equal(2, exitCode);
        Assert.Contains("ReverseProxy:KnownNetworks has '10.0.0.0/33', which is not a network in CIDR form", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SignInRateLimitZero_ErrorNamesTheSetting()
    {
        var (exitCode, output) = await StartWebAsync(new() { ["RateLimits__SignIn__PermitLimit"] = "0" });

        Assert.Equal(2, exitCode);
        Assert.Contains("RateLimits:SignIn:PermitLimit must be between 1 and 100000.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ClinicTimeZoneUnknown_ErrorNamesTheSetting()
    {
        var (exitCode, output) = await StartWebAsync(new() { ["Clinic__TimeZone"] = "Mars/Olympus_Mons" });

        Assert.Equal(2, exitCode);
        Assert.Contains("Clinic:TimeZone 'Mars/Olympus_Mons' is not an IANA time zone id. Use one such as America/New_York", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> StartWebAsync(Dictionary<string, string> environment)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__MedPortal"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Timeout=2",
            ["ConnectionStrings__MedPortalOwner"] = "Host=127.0.0.1;Port=1;Database=none;Username=none_owner;Timeout=2",
        };
        foreach (var (key, value) in environment)
        {
            settings[key] = value;
        }
        // A host that keeps running with a bad setting instead of exiting fails the test with a timeout.
        var result = await ChildProcess.RunAsync("dotnet", [RepoPaths.WebDll], settings, Path.GetDirectoryName(RepoPaths.WebDll), TimeSpan.FromSeconds(90));
        return (result.ExitCode, result.All);
    }
}
