using MedPortal.Core.Live;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MedPortal.Core.Documents.Jobs;

/// <summary>
/// The bounded pool of document job workers of this instance: <see cref="DocumentJobOptions.Workers"/> loops, each running
/// one job at a time through <see cref="DocumentJobRunner"/>. An idle worker waits for a local wake-up, a
/// <see cref="LiveEventKinds.DocumentJobChanged"/> event (a job queued on another instance), or the poll interval. On
/// stop, a running job goes back to the queue; a worker that dies without stopping loses its lease, and the job runs again.
/// </summary>
public sealed partial class DocumentJobWorkers(
    DocumentJobRunner runner,
    DocumentJobQueue queue,
    LiveEvents live,
    IOptions<DocumentJobOptions> options,
    TimeProvider clock,
    ILogger<DocumentJobWorkers> logger) : BackgroundService
{
    private readonly string instance = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = live.Subscribe(e =>
        {
            if (e.Kind == LiveEventKinds.DocumentJobChanged)
            {
                queue.Wake();
            }
            return Task.CompletedTask;
        });
        LogStarted(options.Value.Workers, instance);
        await Task.WhenAll(Enumerable.Range(1, options.Value.Workers).Select(n => Task.Run(() => WorkAsync($"{instance}/{n}", stoppingToken), CancellationToken.None)));
    }

    private async Task WorkAsync(string owner, CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(options.Value.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A wake-up wakes one worker; each claim wakes the next, so a burst of uploads gets every worker.
                if (!await runner.RunNextAsync(owner, stoppingToken: stoppingToken, afterClaim: queue.Wake))
                {
                    await queue.WaitAsync(poll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The database may be away for a while; the workers must outlive that, not stop the host.
            catch (Exception error)
#pragma warning restore CA1031
            {
                LogLoopFailed(owner, error.GetType().Name);
                try
                {
                    await Task.Delay(poll, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Workers} document job workers started on {Instance}")]
    private partial void LogStarted(int workers, string instance);

    [LoggerMessage(Level = LogLevel.Error, Message = "Document job worker {Owner} failed ({ErrorType}); retrying")]
    private partial void LogLoopFailed(string owner, string errorType);
}
