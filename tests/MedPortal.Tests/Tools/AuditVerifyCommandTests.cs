using System.Runtime.Versioning;
using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace MedPortal.Tests.Tools;

/// <summary>Runs the real <c>medportal-cli audit verify|checkpoint</c> processes, as <c>./medportal audit …</c> does.</summary>
public sealed class AuditVerifyCommandTests : IAsyncLifetime
{
    private readonly string checkpoints = Path.Combine(Path.GetTempPath(), "mp-audit-cli-" + Guid.NewGuid().ToString("N"));
    private TestDatabase database = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        await database.MigrateAsync();
        var contexts = new PooledDbContextFactory<MedPortalDb>(new DbContextOptionsBuilder<MedPortalDb>().UseNpgsql(database.ConnectionString).Options);
        var log = new AuditLog(contexts, TimeProvider.System, TestAuditKey.Key);
        for (var i = 0; i < 6; i++)
        {
            await log.WriteAsync(new AuditActor($"u{i}", "Nurse", "127.0.0.1"), "assessment.view", "assessment", Guid.NewGuid().ToString());
        }
    }

    public async Task DisposeAsync()
    {
        await database.DisposeAsync();
        if (Directory.Exists(checkpoints))
        {
            Directory.Delete(checkpoints, recursive: true);
        }
    }

    [Fact]
    public async Task AuditVerify_IntactThenRowEditedAsSuperuser_PassesThenFailsAtThatRow()
    {
        var intact = await RunAsync("verify", database.ConnectionString);
        await database.ExecuteAsAdminAsync("SET session_replication_role = replica; UPDATE audit_events SET action = 'assessment.decide' WHERE seq = 4;");
        var broken = await RunAsync("verify", database.ConnectionString);

        Assert.Equal(0, intact.ExitCode);
        Assert.Contains("Audit chain intact: 6 events verified (6 not sealed yet); no checkpoint", intact.Output, StringComparison.Ordinal);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("BROKEN at event 4", broken.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditCheckpoint_ThenTailCut_VerifyFailsAgainstTheCheckpoint()
    {
        var checkpoint = await RunAsync("checkpoint", database.ConnectionString);
        var intact = await RunAsync("verify", database.ConnectionString);
        await database.ExecuteAsAdminAsync("SET session_replication_role = replica; DELETE FROM audit_events WHERE seq = 6; DELETE FROM audit_seals WHERE position = 6;");
        var cut = await RunAsync("verify", database.ConnectionString);

        Assert.Equal(0, checkpoint.ExitCode);
        Assert.Contains("Audit checkpoint written: position 6 (event 6)", checkpoint.Output, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(checkpoints, "checkpoint-*.json"));
        Assert.Equal(0, intact.ExitCode);
        Assert.Contains("0 not sealed yet); reaches checkpoint position 6", intact.Output, StringComparison.Ordinal);
        Assert.Equal(1, cut.ExitCode);
        Assert.Contains("the log was cut", cut.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_WrongKey_FailsAtTheFirstRow()
    {
        var result = await RunAsync("verify", database.ConnectionString, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("BROKEN at event 1", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_KeyMissing_ClearMessageExit2()
    {
        var result = await RunAsync("verify", database.ConnectionString, key: "");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Audit:HmacKey is not set", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task MedportalScript_AuditKey_KeptOutsideTheDatabaseIn0600FileAndExported()
    {
        // ./medportal test made the key before starting the suite; it is what every app and CLI process here signs with.
        var file = Path.Combine(RepoPaths.Root, ".data", "audit-hmac.key");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal((await File.ReadAllTextAsync(file)).Trim(), TestAuditKey.Base64);
        Assert.True(Convert.FromBase64String(TestAuditKey.Base64).Length >= AuditOptions.MinimumKeyBytes);
        await using var db = new PooledDbContextFactory<MedPortalDb>(new DbContextOptionsBuilder<MedPortalDb>().UseNpgsql(database.ConnectionString).Options).CreateDbContext();
        Assert.DoesNotContain(TestAuditKey.Base64, string.Join('|', await db.AuditEvents.Select(e => e.Hmac + e.ResourceId).ToListAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_NoConnectionString_ClearMessageExit2()
    {
        var result = await RunAsync("verify", "");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ConnectionStrings__MedPortal", result.Output, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string command, string connectionString, string? key = null)
    {
        var result = await ChildProcess.RunAsync("dotnet", [RepoPaths.CliDll, "audit", command],
            new Dictionary<string, string?>
            {
                ["ConnectionStrings__MedPortal"] = connectionString,
                ["Audit__CheckpointFolder"] = checkpoints,
                ["Audit__HmacKey"] = key ?? TestAuditKey.Base64,
            }, timeout: TimeSpan.FromSeconds(60));
        return (result.ExitCode, result.All);
    }
}
