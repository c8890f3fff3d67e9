namespace MedPortal.Core.Live;

/// <summary>
/// Wakes an idle background loop of this instance at once instead of at its next poll. Signals do not pile up: many wakes
/// before the loop looks count as one, which is enough since the loop reads the whole queue when it wakes.
/// </summary>
internal sealed class WakeSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    /// <summary>Wakes one waiting loop (or the next one to wait).</summary>
    public void Wake()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the loop will look at the queue anyway.
        }
    }

    /// <summary>Waits until <see cref="Wake"/> is called or the timeout passes.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}
