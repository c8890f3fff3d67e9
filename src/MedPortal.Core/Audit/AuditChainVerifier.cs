using MedPortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MedPortal.Core.Audit;

/// <summary>
/// Checks the whole audit log: every event's HMAC, the sealed chain (no position missing, every sealed event present and
/// unchanged, every link signed), that no event was kept from the sealer, and optionally that the log still reaches a
/// signed checkpoint kept outside the database. Reports the first problem.
/// </summary>
public sealed class AuditChainVerifier(IDbContextFactory<MedPortalDb> contexts, AuditKey key)
{
    private const string Query = """
        SELECT s.position, s.event_seq, s.horizon, s.chain,
               e.seq, e.occurred_at, e.actor_id, e.actor_role, e.action, e.resource_type, e.resource_id, e.client_address,
               e.prev_hash, e.hash, e.hmac, e.xid
        FROM audit_seals s FULL JOIN audit_events e ON e.seq = s.event_seq
        ORDER BY s.position NULLS LAST, e.seq
        """;

    /// <summary>Checks every event and seal, without a checkpoint.</summary>
    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default) => VerifyAsync(null, cancellationToken);

    /// <summary>
    /// Checks every event and seal against the checkpoint with the highest position in <paramref name="folder"/>
    /// (<see cref="AuditOptions.CheckpointFolder"/>), or without one when the folder holds none.
    /// </summary>
    public async Task<AuditVerification> VerifyAgainstLatestCheckpointAsync(string folder, CancellationToken cancellationToken = default)
    {
        AuditCheckpoint? checkpoint;
        try
        {
            checkpoint = (await AuditCheckpoint.ReadLatestAsync(folder, cancellationToken))?.Checkpoint;
        }
        catch (InvalidDataException ex)
        {
            return AuditVerification.Broken(0, 0, "the latest checkpoint cannot be read: " + ex.Message);
        }
        return await VerifyAsync(checkpoint, cancellationToken);
    }

    /// <summary>Checks every event and seal, and that the sealed chain still reaches <paramref name="checkpoint"/> unchanged.</summary>
    public async Task<AuditVerification> VerifyAsync(AuditCheckpoint? checkpoint, CancellationToken cancellationToken = default)
    {
        if (checkpoint is not null && !checkpoint.HasValidSignature(key))
        {
            return AuditVerification.Broken(0, checkpoint.EventSequence,
                $"checkpoint at position {checkpoint.Position} is not signed by this key (a forged checkpoint, or the wrong key)");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Query, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var walk = new Walk(key, checkpoint);
        while (await reader.ReadAsync(cancellationToken))
        {
            var problem = reader.IsDBNull(0) ? walk.Unsealed(ReadEvent(reader)) : walk.Sealed(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : ReadEvent(reader));
            if (problem is not null)
            {
                return problem;
            }
        }
        return walk.End();
    }

    private static AuditEvent ReadEvent(NpgsqlDataReader r) => new()
    {
        Sequence = r.GetInt64(4),
        OccurredAt = r.GetFieldValue<DateTimeOffset>(5),
        ActorId = r.GetString(6),
        ActorRole = r.GetString(7),
        Action = r.GetString(8),
        ResourceType = r.GetString(9),
        ResourceId = r.GetString(10),
        ClientAddress = r.IsDBNull(11) ? null : r.GetString(11),
        PreviousHash = r.IsDBNull(12) ? null : r.GetString(12),
        Hash = r.IsDBNull(13) ? null : r.GetString(13),
        Hmac = r.IsDBNull(14) ? null : r.GetString(14),
        TransactionId = r.GetInt64(15),
    };

    /// <summary>The state of one pass: sealed rows in position order, then unsealed rows in sequence order.</summary>
    private sealed class Walk(AuditKey key, AuditCheckpoint? checkpoint)
    {
        private long position;
        private string chain = AuditChain.GenesisHash;
        private long horizon;
        private long verified;
        private long unsealed;
        private bool checkpointReached;

        // Rows from before 0012_audit_hmac: a gap-free SHA-256 chain from sequence 1, all before the first signed row.
        private string legacyPrevious = AuditChain.GenesisHash;
        private long legacyNext = 1;
        private bool signedSeen;

        public AuditVerification? Sealed(long at, long eventSequence, long sealHorizon, string sealChain, AuditEvent? e)
        {
            if (at != position + 1)
            {
                return Broken(eventSequence, $"seal position {position + 1} is missing: the chain was cut before event {eventSequence}");
            }
            if (e is null)
            {
                return Broken(eventSequence, $"event {eventSequence} (sealed at position {at}) was removed");
            }
            if (CheckEvent(e) is { } problem)
            {
                return problem;
            }
            var expected = AuditChain.ComputeSeal(key, at, e.Sequence, AuditChain.DigestOf(e), chain);
            if (!string.Equals(expected, sealChain, StringComparison.Ordinal))
            {
                return Broken(e.Sequence, $"the seal of event {e.Sequence} (position {at}) was altered or forged, or the key is wrong");
            }
            if (checkpoint is not null && at == checkpoint.Position)
            {
                if (!string.Equals(sealChain, checkpoint.Chain, StringComparison.Ordinal))
                {
                    return Broken(e.Sequence, $"position {at} no longer matches the checkpoint of {checkpoint.WrittenAt:u}: the log was rewritten");
                }
                checkpointReached = true;
            }
            position = at;
            chain = sealChain;
            horizon = Math.Max(horizon, sealHorizon);
            verified++;
            return null;
        }

        public AuditVerification? Unsealed(AuditEvent e)
        {
            if (position > 0 && e.Hmac is null)
            {
                return Broken(e.Sequence, $"event {e.Sequence} has no HMAC and was never sealed");
            }
            if (e.TransactionId < horizon)
            {
                // The sealer takes every event whose transaction ended before its last pass; this one was kept from it.
                return Broken(e.Sequence, $"event {e.Sequence} was kept from the sealer (its transaction id was changed)");
            }
            if (CheckEvent(e) is { } problem)
            {
                return problem;
            }
            verified++;
            unsealed++;
            return null;
        }

        public AuditVerification End()
        {
            if (checkpoint is not null && !checkpointReached)
            {
                return Broken(checkpoint.EventSequence,
                    $"the log was cut: the checkpoint of {checkpoint.WrittenAt:u} covers position {checkpoint.Position}, the sealed chain ends at {position}");
            }
            return new AuditVerification(true, verified, null, null) { EventsUnsealed = unsealed, CheckpointPosition = checkpoint?.Position };
        }

        private AuditVerification? CheckEvent(AuditEvent e)
        {
            if (e.Hmac is not null)
            {
                signedSeen = true;
                return AuditChain.HasValidHmac(key, e)
                    ? null
                    : Broken(e.Sequence, $"event {e.Sequence} was altered or forged: its HMAC does not match (or the key is wrong)");
            }
            if (signedSeen || e.Sequence != legacyNext || e.PreviousHash != legacyPrevious || AuditChain.ComputeHash(e) != e.Hash)
            {
                return Broken(e.Sequence, $"event {e.Sequence} was altered: it has no HMAC and its legacy hash chain does not hold");
            }
            legacyPrevious = e.Hash!;
            legacyNext++;
            return null;
        }

        private AuditVerification Broken(long at, string reason) => AuditVerification.Broken(verified, at, reason);
    }
}

/// <summary>The outcome of <see cref="AuditChainVerifier.VerifyAsync(AuditCheckpoint?, CancellationToken)"/>.</summary>
/// <param name="Intact">True when every event checks out.</param>
/// <param name="EventsVerified">How many events were verified before the end or the break.</param>
/// <param name="BrokenAt">The sequence number of the event where the log breaks.</param>
/// <param name="Reason">What is wrong there.</param>
public sealed record AuditVerification(bool Intact, long EventsVerified, long? BrokenAt, string? Reason)
{
    /// <summary>Of <see cref="EventsVerified"/>, those not sealed yet (checked by their HMAC only).</summary>
    public long EventsUnsealed { get; init; }

    /// <summary>The checkpoint position the log was checked against, if any.</summary>
    public long? CheckpointPosition { get; init; }

    internal static AuditVerification Broken(long verified, long at, string reason) => new(false, verified, at, reason);
}
