using Microsoft.Extensions.Logging;

namespace MedPortal.Core.Live;

/// <summary>
/// In-process fan-out of <see cref="LiveEvent"/>s to open pages. Events arrive from PostgreSQL LISTEN/NOTIFY
/// (<see cref="PostgresLiveEventListener"/>), so every app instance sharing the database sees every change.
/// </summary>
public sealed partial class LiveEvents(ILogger<LiveEvents> logger)
{
    private readonly Lock gate = new();
    private ImmutableHandlers handlers = new([]);

    /// <summary>Subscribes; dispose the result to stop. Handlers run on a pool thread and must marshal to their UI themselves.</summary>
    public IDisposable Subscribe(Func<LiveEvent, Task> handler)
    {
        lock (gate)
        {
            handlers = new([.. handlers.Items, handler]);
        }
        return new Subscription(this, handler);
    }

    /// <summary>
    /// Delivers an event to every subscriber at once: a slow subscriber (a page reloading from the database) does not
    /// hold up the others, and one failing subscriber does not stop them.
    /// </summary>
    public Task PublishAsync(LiveEvent e) => Task.WhenAll(handlers.Items.Select(handler => DeliverAsync(handler, e)));

    private async Task DeliverAsync(Func<LiveEvent, Task> handler, LiveEvent e)
    {
        try
        {
            await handler(e);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogHandlerFailed(ex, e.Kind);
        }
    }

    /// <summary>How many subscribers are attached (for diagnostics and tests).</summary>
    public int SubscriberCount => handlers.Items.Length;

    private void Unsubscribe(Func<LiveEvent, Task> handler)
    {
        lock (gate)
        {
            handlers = new([.. handlers.Items.Where(h => h != handler)]);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A live-event subscriber failed on {Kind}")]
    private partial void LogHandlerFailed(Exception exception, string kind);

    private sealed record ImmutableHandlers(Func<LiveEvent, Task>[] Items);

    private sealed class Subscription(LiveEvents owner, Func<LiveEvent, Task> handler) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                owner.Unsubscribe(handler);
            }
        }
    }
}
