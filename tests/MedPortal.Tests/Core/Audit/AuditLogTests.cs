using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MedPortal.Tests.Core.Audit;

public sealed class AuditLogTests : IAsyncLifetime
{
    private TestDatabase database = null!;
    private PooledDbContextFactory<MedPortalDb> contexts = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(database.ConnectionString);
        contexts = new PooledDbContextFactory<MedPortalDb>(new DbContextOptionsBuilder<MedPortalDb>().UseNpgsql(database.ConnectionString).Options);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private static readonly AuditActor Nurse = new("user-1", "Nurse", "127.0.0.1");

    [Fact]
    public async Task WriteAsync_FiftyConcurrentWriters_ChainIntactWithoutGaps()
    {
        var log = new AuditLog(contexts, TimeProvider.System, TestAuditKey.Key);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => log.WriteAsync(Nurse, "consultation.view", "consultation", $"c-{i}")));

        var result = await new AuditChainVerifier(contexts, TestAuditKey.Key).VerifyAsync();
        Assert.True(result.Intact, result.Reason);
        Assert.Equal(50, result.EventsVerified);
    }

    [Fact]
    public async Task VerifyAsync_RowEditedBySuperuser_ReportsThatRow()
    {
        var log = new AuditLog(contexts, TimeProvider.System, TestAuditKey.Key);
        for (var i = 0; i < 5; i++)
        {
            await log.WriteAsync(Nurse, "consultation.view", "consultation", $"c-{i}");
        }

        // A superuser can bypass the append-only trigger; the chain still exposes the edit.
        await database.ExecuteAsAdminAsync("SET session_replication_role = replica; UPDATE audit_events SET actor_id = 'someone-else' WHERE seq = 3;");

        var result = await new AuditChainVerifier(contexts, TestAuditKey.Key).VerifyAsync();
        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAt);
        Assert.Equal(2, result.EventsVerified);
    }

    [Fact]
    public async Task VerifyAsync_RowDeletedBySuperuser_ReportsTheGap()
    {
        var log = new AuditLog(contexts, TimeProvider.System, TestAuditKey.Key);
        for (var i = 0; i < 4; i++)
        {
            await log.WriteAsync(Nurse, "consultation.view", "consultation", $"c-{i}");
        }
        await database.ExecuteAsAdminAsync("SET session_replication_role = replica; DELETE FROM audit_events WHERE seq = 2;");

        var result = await new AuditChainVerifier(contexts, TestAuditKey.Key).VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(2, result.BrokenAt);
    }

    [Fact]
    public async Task VerifyAsync_RowEditedAndRehashedWithSha256BySuperuser_DetectedByHmac()
    {
        var log = new AuditLog(contexts, TimeProvider.System, TestAuditKey.Key);
        for (var i = 0; i < 4; i++)
        {
            await log.WriteAsync(Nurse, "consultation.view", "consultation", $"c-{i}");
        }
        await RehashAsSuperuserAsync(3, e => e.ResourceId = "c-forged");

        var result = await new AuditChainVerifier(contexts, TestAuditKey.Key).VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAt);
        Assert.Contains("HMAC", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_WrongKey_Fails()
    {
        await new AuditLog(contexts, TimeProvider.System, TestAuditKey.Key).WriteAsync(Nurse, "consultation.view", "consultation", "c-1");

        var result = await new AuditChainVerifier(contexts, AuditKey.CreateRandom()).VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(1, result.BrokenAt);
    }

    /// <summary>What an attacker with only database access can do: change a row and recompute every public hash after it.</summary>
    private async Task RehashAsSuperuserAsync(long sequence, Action<AuditEvent> edit)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var rows = await db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
        var previous = AuditChain.GenesisHash;
        var sql = new System.Text.StringBuilder("SET session_replication_role = replica;");
        foreach (var row in rows)
        {
            if (row.Sequence == sequence)
            {
                edit(row);
            }
            row.PreviousHash = previous;
            row.Hash = AuditChain.ComputeHash(row);
            previous = row.Hash;
            sql.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"UPDATE audit_events SET resource_id = '{row.ResourceId}', prev_hash = '{row.PreviousHash}', hash = '{row.Hash}' WHERE seq = {row.Sequence};");
        }
        await database.ExecuteAsAdminAsync(sql.ToString());
    }

    [Theory]
    [InlineData("UPDATE audit_events SET action = 'x'")]
    [InlineData("DELETE FROM audit_events")]
    [InlineData("TRUNCATE audit_events")]
    public async Task ApplicationRole_ChangesAuditRows_Refused(string sql)
    {
        await new AuditLog(contexts, TimeProvider.System, TestAuditKey.Key).WriteAsync(Nurse, "consultation.view", "consultation", "c-1");
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);

        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public void ComputeHash_AnyFieldChanged_HashChanges()
    {
        AuditEvent Make() => new()
        {
            Sequence = 1, OccurredAt = DateTimeOffset.UnixEpoch, ActorId = "a", ActorRole = "Nurse", Action = "x",
            ResourceType = "r", ResourceId = "1", ClientAddress = null, PreviousHash = AuditChain.GenesisHash, Hash = "",
        };
        var baseline = AuditChain.ComputeHash(Make());
        var variants = new Action<AuditEvent>[]
        {
            e => e.Sequence = 2, e => e.OccurredAt = e.OccurredAt.AddTicks(10), e => e.ActorId = "b", e => e.ActorRole = "Admin",
            e => e.Action = "y", e => e.ResourceType = "s", e => e.ResourceId = "2", e => e.ClientAddress = "10.0.0.1",
            e => e.PreviousHash = new string('1', 64),
            // Moving a character between adjacent fields must not collide.
            e => { e.ActorId = "aN"; e.ActorRole = "urse"; },
        };

        foreach (var change in variants)
        {
            var changed = Make();
            change(changed);
            Assert.NotEqual(baseline, AuditChain.ComputeHash(changed));
        }
    }
}
