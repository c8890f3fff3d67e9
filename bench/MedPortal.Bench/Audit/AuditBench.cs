using System.Diagnostics;
using System.Globalization;
using MedPortal.Bench.Chat;
using MedPortal.Bench.Common;
using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MedPortal.Bench.Audit;

/// <summary>
/// <c>./medportal bench audit</c>: audited operations per second with 50 concurrent sessions, the design before
/// 0012_audit_hmac (one cluster-wide advisory lock per audit write, held to commit) against today's (a sequence, per-row
/// HMAC, one background sealer), each on a fresh database of the same cluster, side by side in one run.
/// One operation is what an audited change does: in one transaction, read the resource, append its audit row, commit.
/// </summary>
internal static class AuditBench
{
    private const int Sessions = 50;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var admin = Environment.GetEnvironmentVariable("MEDPORTAL_TEST_PG_ADMIN")
            ?? throw new InvalidOperationException("MEDPORTAL_TEST_PG_ADMIN is not set: run through './medportal bench audit'.");
        var key = AuditKey.CreateRandom();

        var beforeDb = await OpenAsync(admin, "medportal_bench_audit_before");
        var locked = new LockedChainAuditLog(key);
        var before = await MeasureAsync(beforeDb, (db, actor, id, ct) => locked.AppendAsync(db, actor, id, ct));

        var afterDb = await OpenAsync(admin, "medportal_bench_audit_after");
        var log = new AuditLog(afterDb, TimeProvider.System, key);
        // The sealer runs beside the sessions, as in the app (every second).
        using var sealer = new AuditSealer(afterDb, key, TimeProvider.System, Options.Create(new AuditOptions()), NullLogger<AuditSealer>.Instance);
        await sealer.StartAsync(CancellationToken.None);
        var after = await MeasureAsync(afterDb, (db, actor, id, ct) => log.AppendAsync(db, actor, "consultation.view", "consultation", id, ct));
        await sealer.StopAsync(CancellationToken.None);
        var sealClock = Stopwatch.StartNew();
        var sealedAtEnd = await sealer.SealPendingAsync();
        var sealMs = sealClock.Elapsed.TotalMilliseconds;
        var verifyClock = Stopwatch.StartNew();
        var verification = await new AuditChainVerifier(afterDb, key).VerifyAsync();
        var verifyMs = verifyClock.Elapsed.TotalMilliseconds;

        var result = new Dictionary<string, object>
        {
            ["sessions"] = Sessions,
            ["seconds_measured"] = Measure.TotalSeconds,
            ["before_global_lock_ops_per_s"] = before.OpsPerSecond,
            ["before_latency_ms_p50"] = before.P50,
            ["before_latency_ms_p95"] = before.P95,
            ["after_sequence_hmac_sealer_ops_per_s"] = after.OpsPerSecond,
            ["after_latency_ms_p50"] = after.P50,
            ["after_latency_ms_p95"] = after.P95,
            ["speedup"] = Math.Round(after.OpsPerSecond / before.OpsPerSecond, 2),
            ["after_events_written"] = after.Operations,
            ["after_left_to_seal_at_end"] = sealedAtEnd,
            ["after_final_seal_ms"] = Math.Round(sealMs, 1),
            ["after_verify_intact"] = verification.Intact,
            ["after_events_verified"] = verification.EventsVerified,
            ["after_verify_ms"] = Math.Round(verifyMs, 1),
            ["operation"] = "one transaction: SELECT count of the resource's audit rows (index), append one audit row, COMMIT; EF Core pooled contexts, both designs",
            ["processor_count"] = Environment.ProcessorCount,
        };
        Console.WriteLine();
        Console.WriteLine("| metric | value |");
        Console.WriteLine("|---|---|");
        foreach (var (name, value) in result)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {value} |"));
        }
        await BenchResults.WriteAsync("audit", result);
        return verification.Intact ? 0 : 1;
    }

    private static async Task<PooledDbContextFactory<MedPortalDb>> OpenAsync(string admin, string name)
    {
        var connectionString = await ChatBench.CreateDatabaseAsync(admin, name);
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(
            new DatabaseConnections(connectionString, ChatBench.OwnerConnectionFor(connectionString)), requireSeparateRoles: true);
        return new PooledDbContextFactory<MedPortalDb>(new DbContextOptionsBuilder<MedPortalDb>()
            .UseNpgsql(connectionString + ";Maximum Pool Size=" + (Sessions + 10).ToString(CultureInfo.InvariantCulture)).Options);
    }

    private delegate Task Append(MedPortalDb db, AuditActor actor, string resourceId, CancellationToken cancellationToken);

    private static async Task<Run> MeasureAsync(PooledDbContextFactory<MedPortalDb> contexts, Append append)
    {
        var started = Stopwatch.StartNew();
        var measureFrom = Warmup;
        var measureTo = Warmup + Measure;
        var latencies = new List<double>[Sessions];
        async Task SessionAsync(int session)
        {
            var mine = latencies[session] = [];
            var actor = new AuditActor($"bench-{session}", "Nurse", "127.0.0.1");
            var resource = $"c-{session}";
            while (started.Elapsed < measureTo)
            {
                var at = started.Elapsed;
                await using (var db = await contexts.CreateDbContextAsync())
                {
                    await using var transaction = await db.Database.BeginTransactionAsync();
                    _ = await db.AuditEvents.AsNoTracking().CountAsync(e => e.ResourceType == "consultation" && e.ResourceId == resource);
                    await append(db, actor, resource, CancellationToken.None);
                    await transaction.CommitAsync();
                }
                if (at >= measureFrom && started.Elapsed <= measureTo)
                {
                    mine.Add((started.Elapsed - at).TotalMilliseconds);
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Sessions).Select(i => Task.Run(() => SessionAsync(i))));
        var all = latencies.SelectMany(l => l).ToList();
        return new Run(all.Count, Math.Round(all.Count / Measure.TotalSeconds, 1),
            Math.Round(BenchResults.Percentile(all, 50), 2), Math.Round(BenchResults.Percentile(all, 95), 2));
    }

    private sealed record Run(long Operations, double OpsPerSecond, double P50, double P95);

    /// <summary>
    /// The design before this change, kept only as the baseline: a cluster-wide advisory lock held until the caller's
    /// commit, the next sequence read as max + 1, and each row chained to the previous one (SHA-256 and HMAC).
    /// </summary>
    private sealed class LockedChainAuditLog(AuditKey key)
    {
        private const long ChainLockKey = 0x4175646974;

        public async Task AppendAsync(MedPortalDb db, AuditActor actor, string resourceId, CancellationToken cancellationToken)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({ChainLockKey})", cancellationToken);
            var last = await db.AuditEvents.AsNoTracking().OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash, e.Hmac }).FirstOrDefaultAsync(cancellationToken);
            var entry = new AuditEvent
            {
                Sequence = (last?.Sequence ?? 0) + 1,
                OccurredAt = AuditChain.ToStoredPrecision(DateTimeOffset.UtcNow),
                ActorId = actor.UserId,
                ActorRole = actor.Role,
                Action = "consultation.view",
                ResourceType = "consultation",
                ResourceId = resourceId,
                ClientAddress = actor.ClientAddress,
                PreviousHash = last?.Hash ?? AuditChain.GenesisHash,
            };
            entry.Hash = AuditChain.ComputeHash(entry);
            entry.Hmac = key.Sign((last?.Hmac ?? AuditChain.GenesisHash) + entry.Hash);
            db.AuditEvents.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
