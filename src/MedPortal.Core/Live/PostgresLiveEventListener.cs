using System.Text.Json;
using MedPortal.Core.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MedPortal.Core.Live;

/// <summary>
/// Holds one connection LISTENing on <c>medportal_events</c> and republishes each notification in-process.
/// Reconnects with back-off when the database goes away; pages re-query on <see cref="LiveEvents"/> anyway, so a
/// notification missed during an outage costs at most a stale view until the next change or refresh.
/// </summary>
public sealed partial class PostgresLiveEventListener(
    IConfiguration configuration,
    LiveEvents events,
    ILogger<PostgresLiveEventListener> logger) : BackgroundService
{
    /// <summary>The NOTIFY channel.</summary>
    public const string Channel = "medportal_events";

    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private volatile bool connected;

    /// <summary>Completes once the first LISTEN is active (tests and start-up wait on it).</summary>
    public Task Listening => listening.Task;

    /// <summary>True while the LISTEN connection is up; false before the first one and while reconnecting.</summary>
    public bool IsListening => connected;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(DataExtensions.ConnectionStringName))
        {
            // The listener connection idles for hours: keepalives notice a dead server.
            KeepAlive = 15,
            Pooling = false,
        }.ConnectionString;
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, args) => Dispatch(args.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                connected = true;
                listening.TrySetResult();
                LogListening();
                delay = TimeSpan.FromMilliseconds(250);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                connected = false;
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.IO.IOException or InvalidOperationException)
            {
                connected = false;
                LogConnectionLost(ex.GetType().Name, delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 10_000));
            }
        }
    }

    private void Dispatch(string payload)
    {
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(payload, JsonOptions);
        }
        catch (JsonException)
        {
            LogBadPayload();
            return;
        }
        if (envelope is not null)
        {
            var e = new LiveEvent(envelope.Kind, envelope.Id, envelope.ConsultationId);
            // Off the connection's thread: a slow page must not delay the next notification.
            _ = Task.Run(async () =>
            {
                await events.PublishAsync(e);
                if (envelope.SentAt is { } sentAt)
                {
                    MedPortal.Core.Telemetry.MedPortalTelemetry.RecordLiveLag(
                        DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds(sentAt), KindLabel(e.Kind));
                }
            });
        }
    }

    // A metric label comes from a closed set, whatever a payload says.
    private static string KindLabel(string kind) => kind switch
    {
        LiveEventKinds.AssessmentCreated => LiveEventKinds.AssessmentCreated,
        LiveEventKinds.AssessmentChanged => LiveEventKinds.AssessmentChanged,
        LiveEventKinds.MessageAdded => LiveEventKinds.MessageAdded,
        LiveEventKinds.DocumentJobChanged => LiveEventKinds.DocumentJobChanged,
        _ => "other",
    };

    /// <summary>The NOTIFY payload: the event, and when it was sent (absent from <c>medportal_notify</c>'s payloads).</summary>
    private sealed record Envelope(string Kind, Guid Id, Guid ConsultationId, long? SentAt);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for live events")]
    private partial void LogListening();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live-event connection lost ({Error}); reconnecting in {DelayMs} ms")]
    private partial void LogConnectionLost(string error, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a malformed live-event payload")]
    private partial void LogBadPayload();
}
