using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace MedPortal.Tests.Tools;

/// <summary>Runs the real <c>medportal-cli audit verify</c> process, as <c>./medportal audit verify</c> does.</summary>
public sealed class AuditVerifyCommandTests
{
    [Fact]
    public async Task AuditVerify_IntactThenRowEditedAsSuperuser_PassesThenFailsAtThatRow()
    {
        await using var database = await TestDatabase.CreateAsync();
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(database.ConnectionString);
        var contexts = new PooledDbContextFactory<MedPortalDb>(new DbContextOptionsBuilder<MedPortalDb>().UseNpgsql(database.ConnectionString).Options);
        var log = new AuditLog(contexts, TimeProvider.System, TestAuditKey.Key);
        for (var i = 0; i < 6; i++)
        {
            await log.WriteAsync(new AuditActor($"u{i}", "Nurse", "127.0.0.1"), "assessment.view", "assessment", Guid.NewGuid().ToString());
        }

        var intact = await RunAsync(database.ConnectionString);
        await database.ExecuteAsAdminAsync("SET session_replication_role = replica; UPDATE audit_events SET action = 'assessment.decide' WHERE seq = 4;");
        var broken = await RunAsync(database.ConnectionString);

        Assert.Equal(0, intact.ExitCode);
        Assert.Contains("Audit chain intact: 6 events verified.", intact.Output, StringComparison.Ordinal);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("BROKEN at event 4", broken.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditVerify_NoConnectionString_ClearMessageExit2()
    {
        var result = await RunAsync("");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ConnectionStrings__MedPortal", result.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string connectionString)
    {
        var result = await ChildProcess.RunAsync("dotnet", [RepoPaths.CliDll, "audit", "verify"],
            new Dictionary<string, string?> { ["ConnectionStrings__MedPortal"] = connectionString }, timeout: TimeSpan.FromSeconds(60));
        return (result.ExitCode, result.All);
    }
}
