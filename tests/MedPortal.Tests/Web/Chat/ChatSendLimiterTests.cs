using MedPortal.Web.Chat;
using MedPortal.Web.Hosting;
using Microsoft.Extensions.Options;

namespace MedPortal.Tests.Web.Chat;

public sealed class ChatSendLimiterTests
{
    [Fact]
    public void TryAcquire_OverLimitForOneUser_RefusedWithWaitOtherUserUnaffected()
    {
        using var limiter = new ChatSendLimiter(Options.Create(new RateLimitOptions { ChatSend = new() { PermitLimit = 3, WindowSeconds = 600 } }));

        var first = Enumerable.Range(0, 3).Select(_ => limiter.TryAcquire("user-a")).ToList();
        var over = limiter.TryAcquire("user-a");
        var other = limiter.TryAcquire("user-b");

        Assert.All(first, wait => Assert.Null(wait));
        Assert.NotNull(over);
        Assert.InRange(over.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(600));
        Assert.Null(other);
    }

    [Fact]
    public void Validate_ChatSendPermitLimitZero_FailureNamesTheSetting()
    {
        var result = new RateLimitOptionsValidator().Validate(null, new RateLimitOptions { ChatSend = new() { PermitLimit = 0, WindowSeconds = 60 } });

        Assert.True(result.Failed);
        Assert.Contains("RateLimits:ChatSend:PermitLimit must be between 1 and 100000.", result.FailureMessage, StringComparison.Ordinal);
    }
}
