using MedPortal.Web.Components.Chat;

namespace MedPortal.Web.Chat;

/// <summary>
/// The patient's messages not stored yet, in the order typed. Over the per-user send limit a message stays here with
/// a plain notice and goes out when allowed: nothing is dropped. Messages are admitted one after another, so a
/// throttled message never overtakes an earlier one.
/// </summary>
internal sealed class PendingMessages(ChatSendLimiter limiter)
{
    private readonly List<PendingChatMessage> items = [];
    private Task gate = Task.CompletedTask;

    /// <summary>The messages waiting, oldest first.</summary>
    public IReadOnlyList<PendingChatMessage> Items => items;

    /// <summary>Queues a message; <paramref name="send"/> runs once the limit admits it.</summary>
    /// <param name="userId">Whose limit applies.</param>
    /// <param name="text">What the patient typed.</param>
    /// <param name="changed">Called when a message's notice changes, to show it.</param>
    /// <param name="send">Sends an admitted message.</param>
    /// <param name="cancellationToken">Leaving the consultation: nothing more is sent.</param>
    public void Add(string userId, string text, Func<Task> changed, Action<PendingChatMessage> send, CancellationToken cancellationToken)
    {
        var item = new PendingChatMessage(Guid.NewGuid(), text);
        items.Add(item);
        gate = AdmitThenSendAsync(item, gate, userId, changed, send, cancellationToken);
    }

    /// <summary>Records why a message is not stored yet.</summary>
    public void Delay(Guid clientId, string? problem) => items.Where(p => p.ClientId == clientId).ToList().ForEach(p => p.Problem = problem);

    /// <summary>Drops a message that was stored or refused.</summary>
    public void Remove(Guid clientId) => items.RemoveAll(p => p.ClientId == clientId);

    /// <summary>Forgets every message (another consultation was opened; the old one's sends were cancelled).</summary>
    public void Clear()
    {
        items.Clear();
        gate = Task.CompletedTask;
    }

    private async Task AdmitThenSendAsync(PendingChatMessage item, Task earlier, string userId, Func<Task> changed, Action<PendingChatMessage> send, CancellationToken cancellationToken)
    {
        await earlier;
        try
        {
            while (limiter.TryAcquire(userId) is { } wait)
            {
                item.Problem = $"You are sending messages faster than the clinic accepts. This message is kept and will be sent in about {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} seconds.";
                await changed();
                await Task.Delay(wait, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        item.Problem = null;
        send(item);
    }
}
