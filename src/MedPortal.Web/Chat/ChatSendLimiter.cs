using System.Threading.RateLimiting;
using MedPortal.Web.Hosting;
using Microsoft.Extensions.Options;

namespace MedPortal.Web.Chat;

/// <summary>
/// Limits how many chat messages one signed-in user sends (<c>RateLimits:ChatSend</c>), across all their tabs and
/// circuits. A chat message is a circuit call, not an HTTP request, so the request rate limiter never sees it.
/// </summary>
internal sealed class ChatSendLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;
    private readonly TimeSpan window;

    public ChatSendLimiter(IOptions<RateLimitOptions> options)
    {
        var settings = options.Value.ChatSend;
        window = TimeSpan.FromSeconds(settings.WindowSeconds);
        limiter = PartitionedRateLimiter.Create<string, string>(userId => RateLimitPartition.GetFixedWindowLimiter(userId, _ => RequestRateLimits.Window(settings)));
    }

    /// <summary>Null when the user may send now; otherwise how long to wait before the next message is accepted.</summary>
    public TimeSpan? TryAcquire(string userId)
    {
        using var lease = limiter.AttemptAcquire(userId);
        if (lease.IsAcquired)
        {
            return null;
        }
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : window;
    }

    public void Dispose() => limiter.Dispose();
}
