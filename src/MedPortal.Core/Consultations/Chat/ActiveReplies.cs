using System.Collections.Concurrent;

namespace MedPortal.Core.Consultations.Chat;

/// <summary>
/// The assistant replies streaming in this process, each with a live feed of its text. A page opened while a reply
/// streams (a refresh, a second tab) attaches to the feed instead of showing a frozen copy; a reply found "streaming"
/// in the database but not here was cut by a restart and is marked incomplete when its conversation is opened.
/// </summary>
public sealed class ActiveReplies
{
    private readonly ConcurrentDictionary<Guid, ReplyFeed> replies = new();

    /// <summary>The ids of replies streaming now.</summary>
    public IReadOnlySet<Guid> Snapshot() => replies.Keys.ToHashSet();

    /// <summary>Starts a feed for a reply; dispose it when the reply ends.</summary>
    public ReplyFeed Start(Guid messageId)
    {
        var feed = new ReplyFeed(messageId, this);
        replies[messageId] = feed;
        return feed;
    }

    /// <summary>The feed of a reply streaming now, if any.</summary>
    public ReplyFeed? Find(Guid messageId) => replies.TryGetValue(messageId, out var feed) ? feed : null;

    internal void Remove(Guid messageId) => replies.TryRemove(messageId, out _);
}

/// <summary>The live text of one streaming reply.</summary>
public sealed class ReplyFeed : IDisposable
{
    private readonly ActiveReplies owner;
    private readonly CancellationTokenSource stopping = new();
    private volatile string text = "";

    internal ReplyFeed(Guid messageId, ActiveReplies owner)
    {
        MessageId = messageId;
        this.owner = owner;
    }

    /// <summary>The reply's message id.</summary>
    public Guid MessageId { get; }

    /// <summary>The text so far.</summary>
    public string Text => text;

    /// <summary>Raised with the whole text after each update.</summary>
    public event Action<string>? Updated;

    /// <summary>Raised once when the reply ends, with its final state.</summary>
    public event Action<MessageState, string>? Ended;

    /// <summary>Cancelled when someone following the reply presses Stop.</summary>
    internal CancellationToken Stopping => stopping.Token;

    /// <summary>Stops the reply: its partial text is kept and it is marked incomplete.</summary>
    public void Stop()
    {
        try
        {
            stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The reply already ended.
        }
    }

    /// <summary>Publishes the text so far.</summary>
    public void Publish(string current)
    {
        text = current;
        Updated?.Invoke(current);
    }

    /// <summary>Publishes the end of the reply.</summary>
    public void End(MessageState state, string final)
    {
        text = final;
        Ended?.Invoke(state, final);
    }

    /// <summary>Removes the feed.</summary>
    public void Dispose()
    {
        owner.Remove(MessageId);
        stopping.Dispose();
    }
}
