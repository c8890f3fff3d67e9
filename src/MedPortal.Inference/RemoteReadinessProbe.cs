using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MedPortal.Inference;

/// <summary>
/// With Provider=Remote: asks the server for <c>GET /v1/models</c> at start and then every
/// <see cref="Interval"/>, and reports the answer on <see cref="ModelStatusMonitor"/>: Ready when it answers with a
/// success status, Failed with the reason otherwise (refused, timed out, 401 …). Chats run in protocol-only mode while
/// it is not Ready. Never throws: a probe that fails is a status, not a fault of the host.
/// </summary>
internal sealed partial class RemoteReadinessProbe(HttpClient http, TimeSpan timeout, string model, ModelStatusMonitor status, ILogger<RemoteReadinessProbe> logger)
    : BackgroundService
{
    /// <summary>How often the server is asked again.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private string Label => $"{model} at {http.BaseAddress}";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        status.Set(ModelState.Loading, Label, "Checking the inference server.");
        while (!stoppingToken.IsCancellationRequested)
        {
            await CheckAsync(stoppingToken);
            try
            {
                await Task.Delay(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Asks the server once and sets the status.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var (ready, reason) = await AskAsync(cancellationToken);
        if (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        var state = ready ? ModelState.Ready : ModelState.Failed;
        if (status.State != state || status.Reason != reason)
        {
            status.Set(state, Label, reason);
            if (ready)
            {
                LogReady(http.BaseAddress?.ToString() ?? "?");
            }
            else
            {
                LogNotReady(http.BaseAddress?.ToString() ?? "?", reason ?? "");
            }
        }
    }

    private async Task<(bool Ready, string? Reason)> AskAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.GetAsync("v1/models", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (response.IsSuccessStatusCode)
            {
                return (true, null);
            }
            var hint = (int)response.StatusCode is 401 or 403 ? " Check Inference:RemoteApiKey." : "";
            return (false, $"The inference server at {http.BaseAddress} answered {(int)response.StatusCode} to GET /v1/models.{hint} Chats run in protocol-only mode until it answers.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"The inference server at {http.BaseAddress} did not answer within {timeout.TotalSeconds:0.###} s. Chats run in protocol-only mode until it answers.");
        }
        catch (OperationCanceledException)
        {
            return (false, null);
        }
        catch (Exception ex)
        {
            var detail = ex is HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } request ? request.HttpRequestError.ToString() : ex.GetType().Name;
            return (false, $"The inference server at {http.BaseAddress} could not be reached ({detail}). Chats run in protocol-only mode until it answers.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Inference server {Server} answers: ready")]
    private partial void LogReady(string server);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inference server {Server} is not ready: {Reason}")]
    private partial void LogNotReady(string server, string reason);
}
