using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MedPortal.Core.Consultations.NurseQueue;

/// <summary>Scans the queue for overdue cases every <see cref="EscalationOptions.ScanSeconds"/> and raises their alerts.</summary>
/// <param name="escalation">The escalation use case.</param>
/// <param name="options">Scan interval.</param>
/// <param name="clock">The clinic's clock.</param>
/// <param name="logger">Logs counts and error types only (no case data).</param>
public sealed partial class ReviewEscalationService(
    ReviewEscalation escalation,
    IOptions<EscalationOptions> options,
    TimeProvider clock,
    ILogger<ReviewEscalationService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Value.ScanSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var raised = await escalation.RaiseDueAsync(stoppingToken);
                if (raised.Count > 0)
                {
                    LogRaised(logger, raised.Count);
                }

                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The database may be down for a while; escalation must resume after, not stop the host.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogScanFailed(logger, ex.GetType().Name);
                await Task.Delay(interval, clock, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalated {Count} triage case(s) waiting past their review target")]
    private static partial void LogRaised(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Escalation scan failed ({ErrorType}); retrying")]
    private static partial void LogScanFailed(ILogger logger, string errorType);
}
