using System.Security.Cryptography;
using System.Text;
using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MedPortal.Tests.Core.Audit;

public sealed class AuditLogTests : IAsyncLifetime
{
    private static readonly AuditActor Nurse = new("user-1", "Nurse", "127.0.0.1");

    private readonly string checkpoints = Path.Combine(Path.GetTempPath(), "mp-audit-" + Guid.NewGuid().ToString("N"));
    private TestDatabase database = null!;
    private PooledDbContextFactory<MedPortalDb> contexts = null!;
    private AuditLog log = null!;
    private AuditSealer sealer = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        await database.MigrateAsync();
        contexts = new PooledDbContextFactory<MedPortalDb>(new DbContextOptionsBuilder<MedPortalDb>().UseNpgsql(database.ConnectionString).Options);
        log = new AuditLog(contexts, TimeProvider.System, TestAuditKey.Key);
        sealer = new AuditSealer(contexts, TestAuditKey.Key, TimeProvider.System, Options.Create(new AuditOptions()), NullLogger<AuditSealer>.Instance);
    }

    public async Task DisposeAsync()
    {
        sealer.Dispose();
        await database.DisposeAsync();
        if (Directory.Exists(checkpoints))
        {
            Directory.Delete(checkpoints, recursive: true);
        }
    }

    private Task<AuditVerification> VerifyAsync(AuditCheckpoint? checkpoint = null) => new AuditChainVerifier(contexts, TestAuditKey.Key).VerifyAsync(checkpoint);

    private async Task WriteAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await log.WriteAsync(Nurse, "consultation.view", "consultation", $"c-{i}");
        }
    }

    [Fact]
    public async Task WriteAsync_TwoHundredWritesFromFiftyTasksWhileSealing_LogIntactAndFullySealed()
    {
        using var sealing = new CancellationTokenSource();
        var sealerLoop = Task.Run(async () =>
        {
            while (!sealing.IsCancellationRequested)
            {
                await sealer.SealPendingAsync();
            }
        });

        await Task.WhenAll(Enumerable.Range(0, 50).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 4; i++)
            {
                await log.WriteAsync(Nurse, "consultation.view", "consultation", $"c-{t}-{i}");
            }
        })));
        await sealing.CancelAsync();
        await sealerLoop;
        await sealer.SealPendingAsync();

        var result = await VerifyAsync();
        Assert.True(result.Intact, result.Reason);
        Assert.Equal(200, result.EventsVerified);
        Assert.Equal(0, result.EventsUnsealed);
        await using var db = await contexts.CreateDbContextAsync();
        Assert.Equal(Enumerable.Range(1, 200).Select(p => (long)p), await db.AuditSeals.OrderBy(s => s.Position).Select(s => s.Position).ToListAsync());
    }

    [Fact]
    public async Task AppendAsync_TransactionRolledBack_GapLeftAndLogStillIntact()
    {
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await log.AppendAsync(db, Nurse, "assessment.decide", "assessment", "a-1");
            await transaction.RollbackAsync();
        }
        await log.WriteAsync(Nurse, "assessment.view", "assessment", "a-1");
        await sealer.SealPendingAsync();

        var result = await VerifyAsync();

        Assert.True(result.Intact, result.Reason);
        Assert.Equal(1, result.EventsVerified);
    }

    [Fact]
    public async Task VerifyAsync_RowEditedBySuperuser_ReportsThatRow()
    {
        await WriteAsync(5);
        await sealer.SealPendingAsync();

        // A superuser can bypass the append-only trigger; the HMAC still exposes the edit.
        await database.ExecuteAsAdminAsync("SET session_replication_role = replica; UPDATE audit_events SET actor_id = 'someone-else' WHERE seq = 3;");

        var result = await VerifyAsync();
        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAt);
        Assert.Equal(2, result.EventsVerified);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task VerifyAsync_RowEditedAndRehashedWithSha256BySuperuser_Detected(bool passAsLegacyRow)
    {
        await WriteAsync(4);
        await sealer.SealPendingAsync();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            // What someone with only database access can do: change the row and recompute a plain SHA-256 for it.
            var row = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Sequence == 3);
            row.ResourceId = "c-forged";
            row.PreviousHash = AuditChain.GenesisHash;
            var hash = passAsLegacyRow ? AuditChain.ComputeHash(row) : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"3|{row.ResourceId}")));
            var set = passAsLegacyRow ? $"hmac = NULL, prev_hash = '{row.PreviousHash}', hash = '{hash}'" : $"hmac = '{hash}'";
            await database.ExecuteAsAdminAsync($"SET session_replication_role = replica; UPDATE audit_events SET resource_id = 'c-forged', {set} WHERE seq = 3;");
        }

        var result = await VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAt);
    }

    [Fact]
    public async Task VerifyAsync_SealedMiddleRowDeletedBySuperuser_ReportsItRemoved()
    {
        await WriteAsync(4);
        await sealer.SealPendingAsync();
        await database.ExecuteAsAdminAsync("SET session_replication_role = replica; DELETE FROM audit_events WHERE seq = 2;");

        var result = await VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(2, result.BrokenAt);
        Assert.Contains("removed", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_MiddleRowDeletedWithItsSeal_ReportsTheCut()
    {
        await WriteAsync(4);
        await sealer.SealPendingAsync();
        await database.ExecuteAsAdminAsync("SET session_replication_role = replica; DELETE FROM audit_events WHERE seq = 2; DELETE FROM audit_seals WHERE event_seq = 2;");

        var result = await VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAt);
        Assert.Contains("seal position 2 is missing", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_TailCutAfterCheckpoint_DetectedOnlyAgainstTheCheckpoint()
    {
        await WriteAsync(5);
        var written = await AuditCheckpoint.WriteAsync(contexts, sealer, TestAuditKey.Key, TimeProvider.System, checkpoints);
        var latest = (await AuditCheckpoint.ReadLatestAsync(checkpoints))!.Value;
        Assert.Equal(5, latest.Checkpoint.Position);
        Assert.Equal(written!.Value.File, latest.File);
        Assert.True((await VerifyAsync(latest.Checkpoint)).Intact);

        await database.ExecuteAsAdminAsync("SET session_replication_role = replica; DELETE FROM audit_events WHERE seq >= 4; DELETE FROM audit_seals WHERE position >= 4;");

        var withoutCheckpoint = await VerifyAsync();
        var withCheckpoint = await VerifyAsync(latest.Checkpoint);
        Assert.True(withoutCheckpoint.Intact, "a cut tail leaves a shorter valid chain: only the checkpoint shows it");
        Assert.False(withCheckpoint.Intact);
        Assert.Contains("the log was cut", withCheckpoint.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_CheckpointEdited_Refused()
    {
        await WriteAsync(3);
        var written = (await AuditCheckpoint.WriteAsync(contexts, sealer, TestAuditKey.Key, TimeProvider.System, checkpoints))!.Value;

        var result = await VerifyAsync(written.Checkpoint with { Position = 2 });

        Assert.False(result.Intact);
        Assert.Contains("not signed by this key", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_WrongKey_Fails()
    {
        await WriteAsync(2);
        await sealer.SealPendingAsync();

        var result = await new AuditChainVerifier(contexts, AuditKey.CreateRandom()).VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(1, result.BrokenAt);
    }

    [Fact]
    public async Task VerifyAsync_UnsealedRowHiddenFromSealerBySuperuser_Detected()
    {
        await WriteAsync(2);
        await sealer.SealPendingAsync();
        await log.WriteAsync(Nurse, "consultation.view", "consultation", "c-hidden");
        // Moving the row's transaction id below the sealer's horizon would keep it unsealed, and deletable, for ever.
        await database.ExecuteAsAdminAsync("SET session_replication_role = replica; UPDATE audit_events SET xid = 1 WHERE seq = 3;");
        await sealer.SealPendingAsync();

        var result = await VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAt);
    }

    [Theory]
    [InlineData("UPDATE audit_events SET action = 'x'")]
    [InlineData("DELETE FROM audit_events")]
    [InlineData("TRUNCATE audit_events")]
    [InlineData("UPDATE audit_seals SET chain = chain")]
    [InlineData("DELETE FROM audit_seals")]
    [InlineData("TRUNCATE audit_seals")]
    [InlineData("DROP TRIGGER audit_events_no_update_delete ON audit_events")]
    [InlineData("DROP TRIGGER audit_seals_no_truncate ON audit_seals")]
    [InlineData("ALTER TABLE audit_events DISABLE TRIGGER USER")]
    [InlineData("ALTER TABLE audit_seals DISABLE TRIGGER audit_seals_no_update_delete")]
    [InlineData("ALTER TABLE audit_events OWNER TO CURRENT_USER")]
    [InlineData("DROP TABLE audit_seals")]
    [InlineData("CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$")]
    [InlineData("SELECT setval('audit_events_seq', 1)")]
    [InlineData("DELETE FROM schema_migrations")]
    [InlineData("CREATE TABLE audit_events_copy (LIKE audit_events)")]
    public async Task RuntimeRole_ChangesAuditRowsOrTheirProtection_PermissionDenied(string sql)
    {
        await log.WriteAsync(Nurse, "consultation.view", "consultation", "c-1");
        await sealer.SealPendingAsync();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);

        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        // The privilege check, not the append-only trigger: the runtime role owns nothing (docs/security.md, "Database roles").
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        Assert.DoesNotContain("append-only", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuntimeRole_WritesAndSealsThenReads_Allowed()
    {
        // The log and the sealer here run as the runtime role: appending and reading is all they need.
        await log.WriteAsync(Nurse, "consultation.view", "consultation", "c-1");
        Assert.Equal(1L, await sealer.SealPendingAsync());
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT (SELECT count(*) FROM audit_events) * 10 + (SELECT count(*) FROM audit_seals)", connection);

        Assert.Equal(11L, await count.ExecuteScalarAsync());
        Assert.True((await VerifyAsync()).Intact);
    }

    [Fact]
    public async Task Owner_ChangesAuditRows_StoppedByTheAppendOnlyTrigger()
    {
        await log.WriteAsync(Nurse, "consultation.view", "consultation", "c-1");
        await using var connection = new NpgsqlConnection(database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE audit_events SET action = 'x'", connection);

        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public void ComputeHashAndHmac_AnyFieldChanged_BothChange()
    {
        AuditEvent Make() => new()
        {
            Sequence = 1, OccurredAt = DateTimeOffset.UnixEpoch, ActorId = "a", ActorRole = "Nurse", Action = "x",
            ResourceType = "r", ResourceId = "1", ClientAddress = null, PreviousHash = AuditChain.GenesisHash,
        };
        var key = AuditKey.CreateRandom();
        var baseline = (AuditChain.ComputeHash(Make()), AuditChain.ComputeHmac(key, Make()));
        var variants = new Action<AuditEvent>[]
        {
            e => e.Sequence = 2, e => e.OccurredAt = e.OccurredAt.AddTicks(10), e => e.ActorId = "b", e => e.ActorRole = "Admin",
            e => e.Action = "y", e => e.ResourceType = "s", e => e.ResourceId = "2", e => e.ClientAddress = "10.0.0.1",
            // Moving a character between adjacent fields must not collide.
            e => { e.ActorId = "aN"; e.ActorRole = "urse"; },
        };

        foreach (var change in variants)
        {
            var changed = Make();
            change(changed);
            Assert.NotEqual(baseline.Item1, AuditChain.ComputeHash(changed));
            Assert.NotEqual(baseline.Item2, AuditChain.ComputeHmac(key, changed));
        }
        Assert.NotEqual(baseline.Item2, AuditChain.ComputeHmac(AuditKey.CreateRandom(), Make()));
    }

    [Theory]
    [InlineData(null, "Production", "is not set")]
    [InlineData("c2hvcnQ=", "Development", "at least 32")]
    [InlineData("not base64!", "Production", "not usable")]
    public void Validate_BadOrMissingKey_SaysWhatToSet(string? key, string environment, string expected)
    {
        var validator = new AuditOptionsValidatorProbe(environment);

        var result = validator.Validate(new AuditOptions { HmacKey = key });

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Audit__HmacKey", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingKeyInDevelopment_Allowed() =>
        Assert.True(new AuditOptionsValidatorProbe("Development").Validate(new AuditOptions()).Succeeded);

    /// <summary>The audit settings as the app binds and validates them at start, in <paramref name="environment"/>.</summary>
    private sealed class AuditOptionsValidatorProbe(string environment)
    {
        public ValidateOptionsResult Validate(AuditOptions options)
        {
            // No environment variables: the suite's own Audit__HmacKey must not fill the gap under test.
            var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = environment });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Audit:HmacKey"] = options.HmacKey });
            builder.AddMedPortalAudit();
            using var host = builder.Build();
            try
            {
                _ = host.Services.GetRequiredService<IOptions<AuditOptions>>().Value;
                return ValidateOptionsResult.Success;
            }
            catch (OptionsValidationException ex)
            {
                return ValidateOptionsResult.Fail(ex.Failures);
            }
        }
    }
}
