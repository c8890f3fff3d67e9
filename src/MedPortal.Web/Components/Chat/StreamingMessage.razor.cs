using System.Diagnostics;
using MedPortal.Core.Consultations.Chat;
using Microsoft.AspNetCore.Components;

namespace MedPortal.Web.Components.Chat;

/// <summary>
/// The reply being streamed. It subscribes to the reply's feed and re-renders itself alone, at most every
/// <see cref="RenderInterval"/>, so tokens never re-render the page or the other messages.
/// </summary>
public partial class StreamingMessage
{
    private static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(33);
    private string text = "";
    private ReplyFeed? subscribed;
    private int renderQueued;
    private long lastRender;

    /// <summary>The live reply.</summary>
    [Parameter, EditorRequired] public required ReplyFeed Feed { get; set; }

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(subscribed, Feed))
        {
            return;
        }
        Unsubscribe();
        subscribed = Feed;
        text = Feed.Text;
        Feed.Updated += OnUpdated;
    }

    private void OnUpdated(string current)
    {
        text = current;
        if (Interlocked.Exchange(ref renderQueued, 1) == 1)
        {
            return;
        }
        // The first token renders at once; after that at most one render per interval.
        var wait = RenderInterval - Stopwatch.GetElapsedTime(Volatile.Read(ref lastRender));
        _ = InvokeAsync(async () =>
        {
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
            Volatile.Write(ref renderQueued, 0);
            Volatile.Write(ref lastRender, Stopwatch.GetTimestamp());
            StateHasChanged();
        });
    }

    private void Unsubscribe()
    {
        if (subscribed is not null)
        {
            subscribed.Updated -= OnUpdated;
        }
    }

    public void Dispose() => Unsubscribe();
}
