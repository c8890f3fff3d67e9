using System.Data;
using MedPortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace MedPortal.Core.Audit;

/// <summary>
/// Chains committed audit events into <c>audit_seals</c>: each gets the next gap-free position and an HMAC link over the
/// previous one. One sealer works at a time across every instance sharing the database (a try-lock only it takes, so
/// audited reads and writes never wait). An event is sealed once every transaction that could still commit an older
/// one has ended (see docs/decisions/0006-audit-without-global-lock.md).
/// </summary>
public sealed partial class AuditSealer(IDbContextFactory<MedPortalDb> contexts, AuditKey key, TimeProvider clock,
    IOptions<AuditOptions> options, ILogger<AuditSealer> logger) : BackgroundService
{
    private const long SealerLockKey = 0x41756469745365;
    private const int BatchSize = 1000;

    /// <summary>
    /// Seals every event committed before the call, waiting while older transactions anywhere in the cluster are still
    /// open (they hold the horizon back); returns how many events this call sealed.
    /// </summary>
    /// <exception cref="TimeoutException">A transaction stayed open for <paramref name="timeout"/> (default 30 s).</exception>
    public async Task<long> SealPendingAsync(CancellationToken cancellationToken = default, TimeSpan? timeout = null)
    {
        long target;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            target = await db.AuditEvents.Select(e => (long?)e.TransactionId).MaxAsync(cancellationToken) ?? -1;
        }
        var deadline = clock.GetTimestamp() + (long)((timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds * clock.TimestampFrequency);
        long total = 0;
        while (true)
        {
            var batch = await SealBatchAsync(cancellationToken);
            total += batch.Sealed;
            if (!batch.Full && batch.Horizon > target)
            {
                return total;
            }
            if (!batch.Full)
            {
                if (clock.GetTimestamp() > deadline)
                {
                    throw new TimeoutException("Audit events could not be sealed: a transaction older than them is still open (see pg_stat_activity).");
                }
                await Task.Delay(TimeSpan.FromMilliseconds(20), clock, cancellationToken);
            }
        }
    }

    private async Task SealAvailableAsync(CancellationToken cancellationToken)
    {
        while ((await SealBatchAsync(cancellationToken)).Full)
        {
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.SealIntervalMilliseconds), clock);
        try
        {
            do
            {
                try
                {
                    await SealAvailableAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is NpgsqlException or DbUpdateException or InvalidOperationException)
                {
                    // The next tick tries again; nothing is lost, the events wait unsealed.
                    LogSealFailed(ex.GetType().Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<(long Sealed, bool Full, long Horizon)> SealBatchAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        // Read committed: every statement sees what committed before it, so after the lock the last seal is current.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        if (!await ScalarAsync<bool>(connection, $"SELECT pg_try_advisory_xact_lock({SealerLockKey})", cancellationToken))
        {
            return (0, false, -1);
        }
        // Every transaction with an id below the horizon has ended: its events are committed (and visible below) or gone.
        var horizon = await ScalarAsync<long>(connection, "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint", cancellationToken);
        long position = 0;
        long lowerBound = 0;
        var chain = AuditChain.GenesisHash;
        await using (var last = new NpgsqlCommand("SELECT position, horizon, chain FROM audit_seals ORDER BY position DESC LIMIT 1", connection, transaction))
        await using (var reader = await last.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                position = reader.GetInt64(0);
                lowerBound = reader.GetInt64(1);
                chain = reader.GetString(2);
            }
        }
        var sequences = new List<long>();
        var digests = new List<string>();
        await using (var pending = new NpgsqlCommand("""
            SELECT e.seq, coalesce(e.hmac, e.hash) FROM audit_events e
            WHERE e.xid >= $1 AND e.xid < $2 AND NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.event_seq = e.seq)
            ORDER BY e.seq LIMIT $3
            """, connection, transaction))
        {
            pending.Parameters.Add(new NpgsqlParameter<long> { TypedValue = lowerBound });
            pending.Parameters.Add(new NpgsqlParameter<long> { TypedValue = horizon });
            pending.Parameters.Add(new NpgsqlParameter<int> { TypedValue = BatchSize });
            await using var reader = await pending.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                sequences.Add(reader.GetInt64(0));
                digests.Add(reader.IsDBNull(1) ? "" : reader.GetString(1));
            }
        }
        if (sequences.Count == 0)
        {
            return (0, false, horizon);
        }
        var full = sequences.Count == BatchSize;
        // A full batch may have left events below the horizon unsealed: keep the old bound until a pass finishes.
        var recordedHorizon = full ? lowerBound : horizon;
        var positions = new long[sequences.Count];
        var chains = new string[sequences.Count];
        for (var i = 0; i < sequences.Count; i++)
        {
            position++;
            chain = AuditChain.ComputeSeal(key, position, sequences[i], digests[i], chain);
            positions[i] = position;
            chains[i] = chain;
        }
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO audit_seals (position, event_seq, horizon, sealed_at, chain)
            SELECT p, s, $3, $4, c FROM unnest($1::bigint[], $2::bigint[], $5::text[]) AS t(p, s, c)
            """, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = positions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            insert.Parameters.Add(new NpgsqlParameter { Value = sequences.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = recordedHorizon });
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = AuditChain.ToStoredPrecision(clock.GetUtcNow()) });
            insert.Parameters.Add(new NpgsqlParameter { Value = chains, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return (sequences.Count, full, horizon);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sealing audit events failed ({Error}); retrying on the next tick")]
    private partial void LogSealFailed(string error);
}
