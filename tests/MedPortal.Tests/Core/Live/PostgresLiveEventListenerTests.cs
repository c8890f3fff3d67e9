using MedPortal.Core.Data;
using MedPortal.Core.Live;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace MedPortal.Tests.Core.Live;

public sealed class PostgresLiveEventListenerTests
{
    [Fact]
    public async Task Notify_TwoInstancesListening_BothReceiveWithinOneSecondAfterCommit()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.MigrateAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:MedPortal"] = database.ConnectionString })
            .Build();
        var instances = Enumerable.Range(0, 2).Select(_ =>
        {
            var events = new LiveEvents(NullLogger<LiveEvents>.Instance);
            return (Events: events, Listener: new PostgresLiveEventListener(configuration, events, NullLogger<PostgresLiveEventListener>.Instance));
        }).ToList();
        var received = instances.Select(i =>
        {
            var tcs = new TaskCompletionSource<LiveEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            i.Events.Subscribe(e => { tcs.TrySetResult(e); return Task.CompletedTask; });
            return tcs;
        }).ToList();
        using var stop = new CancellationTokenSource();
        foreach (var (_, listener) in instances)
        {
            await listener.StartAsync(stop.Token);
            await listener.Listening.WaitAsync(TimeSpan.FromSeconds(10));
        }
        var id = Guid.NewGuid();
        var consultation = Guid.NewGuid();

        await using (var db = new MedPortalDb(new DbContextOptionsBuilder<MedPortalDb>().UseNpgsql(database.ConnectionString).Options))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await LiveEventPublisher.NotifyAsync(db, LiveEventKinds.AssessmentCreated, id, consultation);
            await Task.Delay(300);
            Assert.All(received, r => Assert.False(r.Task.IsCompleted)); // nothing before commit
            await transaction.CommitAsync();
        }
        var results = await Task.WhenAll(received.Select(r => r.Task.WaitAsync(TimeSpan.FromSeconds(1))));

        Assert.All(results, e => Assert.Equal(new LiveEvent(LiveEventKinds.AssessmentCreated, id, consultation), e));
        await stop.CancelAsync();
        foreach (var (_, listener) in instances)
        {
            await listener.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Publish_OneSubscriberThrows_OthersStillReceive()
    {
        var events = new LiveEvents(NullLogger<LiveEvents>.Instance);
        var got = 0;
        using var bad = events.Subscribe(_ => throw new InvalidOperationException("boom"));
        using var good = events.Subscribe(_ => { Interlocked.Increment(ref got); return Task.CompletedTask; });

        await events.PublishAsync(new LiveEvent("x", Guid.Empty, Guid.Empty));

        Assert.Equal(1, got);
    }

    [Fact]
    public void Subscribe_Disposed_Removed()
    {
        var events = new LiveEvents(NullLogger<LiveEvents>.Instance);
        var subscription = events.Subscribe(_ => Task.CompletedTask);

        subscription.Dispose();
        subscription.Dispose();

        Assert.Equal(0, events.SubscriberCount);
    }
}
