using System.Collections.Concurrent;

namespace MedPortal.Core.Consultations.Chat;

/// <summary>
/// Turns of one consultation, one at a time in the order they were entered. <see cref="Enter"/> is synchronous, so the
/// order is the order of the calls (a page's events), which a semaphore does not promise.
/// </summary>
internal sealed class TurnQueue
{
    private readonly ConcurrentDictionary<Guid, Task> tails = new();

    /// <summary>Takes a place in the queue of <paramref name="key"/>; dispose the place when done (or when giving up).</summary>
    public Place Enter(Guid key)
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task previous = Task.CompletedTask;
        tails.AddOrUpdate(key, _ => mine.Task, (_, tail) =>
        {
            previous = tail;
            return mine.Task;
        });
        return new Place(this, key, previous, mine);
    }

    /// <summary>A place in the queue.</summary>
    internal sealed class Place(TurnQueue owner, Guid key, Task previous, TaskCompletionSource mine) : IDisposable
    {
        private int disposed;

        /// <summary>Waits until every earlier place has been left; false when cancelled first.</summary>
        public async Task<bool> WaitAsync(CancellationToken cancellationToken)
        {
            try
            {
                await previous.WaitAsync(cancellationToken);
                return true;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        /// <summary>Leaves the queue; a place left early still lets the next one go only after the earlier ones.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) != 0)
            {
                return;
            }
            _ = previous.ContinueWith(_ =>
            {
                mine.TrySetResult();
                owner.tails.TryRemove(new KeyValuePair<Guid, Task>(key, mine.Task));
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
