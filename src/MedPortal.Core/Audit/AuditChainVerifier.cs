using MedPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Core.Audit;

/// <summary>Walks the whole audit chain and reports the first row whose hash, HMAC, link or position is wrong.</summary>
public sealed class AuditChainVerifier(IDbContextFactory<MedPortalDb> contexts, AuditKey key)
{
    /// <summary>Checks every event in order.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var expectedPrevious = AuditChain.GenesisHash;
        string? previousHmac = null;
        long expectedSequence = 1;
        long count = 0;
        await foreach (var e in db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (e.Sequence != expectedSequence)
            {
                return AuditVerification.Broken(count, expectedSequence, $"event {expectedSequence} is missing (next is {e.Sequence})");
            }
            if (e.PreviousHash != expectedPrevious)
            {
                return AuditVerification.Broken(count, e.Sequence, $"event {e.Sequence} does not link to the hash of event {e.Sequence - 1}");
            }
            if (AuditChain.ComputeHash(e) != e.Hash)
            {
                return AuditVerification.Broken(count, e.Sequence, $"event {e.Sequence} was altered: its content no longer matches its hash");
            }
            // Rows before 0012_audit_hmac have no HMAC; once one row has it, every later row must.
            if (e.Hmac is not null || previousHmac is not null)
            {
                if (!AuditChain.HasValidHmac(key, e, previousHmac ?? AuditChain.GenesisHash))
                {
                    return AuditVerification.Broken(count, e.Sequence, $"event {e.Sequence} was altered or forged: its HMAC does not match (or the key is wrong)");
                }
                previousHmac = e.Hmac;
            }
            expectedPrevious = e.Hash;
            expectedSequence++;
            count++;
        }
        return new AuditVerification(true, count, null, null);
    }
}

/// <summary>The outcome of <see cref="AuditChainVerifier.VerifyAsync"/>.</summary>
/// <param name="Intact">True when every event checks out.</param>
/// <param name="EventsVerified">How many events were verified before the end or the break.</param>
/// <param name="BrokenAt">The sequence number where the chain breaks.</param>
/// <param name="Reason">What is wrong there.</param>
public sealed record AuditVerification(bool Intact, long EventsVerified, long? BrokenAt, string? Reason)
{
    internal static AuditVerification Broken(long verified, long at, string reason) => new(false, verified, at, reason);
}
