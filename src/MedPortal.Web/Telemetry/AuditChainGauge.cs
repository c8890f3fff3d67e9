using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MedPortal.Core.Audit;
using MedPortal.Core.Telemetry;
using Microsoft.Extensions.Options;

namespace MedPortal.Web.Telemetry;

/// <summary>
/// Verifies the audit log (HMACs, sealed chain, the latest checkpoint in Audit:CheckpointFolder) every <see cref="TelemetryOptions.AuditVerifyMinutes"/> (as <c>./medportal audit verify</c>
/// does) and reports <c>medportal.audit.chain.intact</c> (1 intact, 0 broken; no series before the first run) and
/// <c>medportal.audit.verify.errors</c> (runs that could not complete). 0 turns the job off.
/// </summary>
internal sealed partial class AuditChainGauge(AuditChainVerifier verifier, IOptions<TelemetryOptions> options, IOptions<AuditOptions> audit, ILogger<AuditChainGauge> logger) : BackgroundService
{
    private static readonly ConcurrentDictionary<AuditChainGauge, byte> Instances = new();

    private static readonly Counter<long> Errors = MedPortalTelemetry.Meter.CreateCounter<long>(
        "medportal.audit.verify.errors", "{run}", "Audit chain verifications that could not complete (database unreachable, timeout).");

    private AuditVerification? last;

    static AuditChainGauge()
    {
        MedPortalTelemetry.Meter.CreateObservableGauge("medportal.audit.chain.intact",
            () => Instances.Keys.Where(i => i.last is not null).Select(i => new Measurement<int>(i.last!.Intact ? 1 : 0)), "1",
            "1 when the last verification of the audit hash chain found it intact, 0 when it found a break.");
        MedPortalTelemetry.Meter.CreateObservableGauge("medportal.audit.events_verified",
            () => Instances.Keys.Where(i => i.last is not null).Select(i => new Measurement<long>(i.last!.EventsVerified)), "{event}",
            "Audit events the last verification read.");
    }

    public async Task VerifyNowAsync(CancellationToken cancellationToken)
    {
        try
        {
            last = await verifier.VerifyAgainstLatestCheckpointAsync(audit.Value.CheckpointFolder, cancellationToken);
            if (!last.Intact)
            {
                LogBroken(last.BrokenAt);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Errors.Add(1);
            LogFailed(ex.GetType().Name);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.AuditVerifyMinutes == 0)
        {
            return;
        }
        Instances.TryAdd(this, 0);
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.AuditVerifyMinutes));
            do
            {
                await VerifyNowAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            Instances.TryRemove(this, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The audit hash chain is broken at event {BrokenAt}; run ./medportal audit verify")]
    private partial void LogBroken(long? brokenAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Verifying the audit chain for the metrics failed ({Error})")]
    private partial void LogFailed(string error);
}
