using MedPortal.Core.Data;
using MedPortal.Core.Notifications;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MedPortal.Tests.Core.Notifications;

public sealed class EmailDispatcherTests : IAsyncLifetime
{
    private static readonly Uri Link = new("https://portal.clinic.example/consultations");
    private TestDatabase database = null!;
    private PooledDbContextFactory<MedPortalDb> contexts = null!;
    private SmtpTestServer smtp = null!;
    private EmailOutbox outbox = null!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        await database.MigrateAsync();
        contexts = new PooledDbContextFactory<MedPortalDb>(new DbContextOptionsBuilder<MedPortalDb>().UseNpgsql(database.ConnectionString).Options);
        smtp = await SmtpTestServer.StartAsync();
        outbox = new EmailOutbox(TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        await smtp.DisposeAsync();
        await database.DisposeAsync();
    }

    private EmailDispatcher Dispatcher(int maxAttempts = 8) => new(
        contexts,
        outbox,
        new SmtpMailSender(Options.Create(Settings(maxAttempts))),
        Options.Create(Settings(maxAttempts)),
        TimeProvider.System,
        NullLogger<EmailDispatcher>.Instance);

    private EmailOptions Settings(int maxAttempts) => new()
    {
        Enabled = true,
        Host = "127.0.0.1",
        Port = smtp.Port,
        Security = SmtpSecurity.None,
        From = "MedPortal <no-reply@clinic.example>",
        MaxAttempts = maxAttempts,
        TimeoutSeconds = 10,
    };

    private async Task<long> QueueAsync(string to, EmailTemplate template)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var email = outbox.Add(db, to, template);
        await db.SaveChangesAsync();
        return email.Id;
    }

    private async Task<QueuedEmail> RowAsync(long id)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.QueuedEmails.SingleAsync(e => e.Id == id);
    }

    [Fact]
    public async Task SendDueAsync_QueuedCareTeamMessage_IsDeliveredByTheSmtpServerAndMarkedSent()
    {
        var id = await QueueAsync("patient@example.org", EmailTemplate.CareTeamMessage(Link));

        Assert.Equal(1, await Dispatcher().SendDueAsync(CancellationToken.None));

        var message = Assert.Single(await smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10)));
        Assert.Equal("patient@example.org", message.To.Mailboxes.Single().Address);
        Assert.Equal("no-reply@clinic.example", message.From.Mailboxes.Single().Address);
        Assert.Equal("A message from your care team is waiting", message.Subject);
        Assert.Contains(Link.AbsoluteUri, message.TextBody, StringComparison.Ordinal);
        var row = await RowAsync(id);
        Assert.Equal(QueuedEmailState.Sent, row.State);
        Assert.Equal(1, row.Attempts);
        Assert.NotNull(row.SentAt);
    }

    [Fact]
    public async Task SendDueAsync_ServerDownThenBack_RetriedAfterBackoffAndDeliveredOnce()
    {
        var id = await QueueAsync("nurse.lead@example.org", EmailTemplate.ReviewOverdue(Link, 2));
        await smtp.StopAsync();

        Assert.Equal(1, await Dispatcher().SendDueAsync(CancellationToken.None));
        var failed = await RowAsync(id);
        Assert.Equal(QueuedEmailState.Pending, failed.State);
        Assert.Equal(1, failed.Attempts);
        Assert.NotNull(failed.LastError);
        Assert.True(failed.NextAttemptAt > DateTimeOffset.UtcNow, "the retry waits for its backoff");
        Assert.Equal(0, await Dispatcher().SendDueAsync(CancellationToken.None));

        await smtp.StartAgainAsync();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            // Let the backoff pass without sleeping: the row becomes due now.
            await db.QueuedEmails.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.NextAttemptAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }

        Assert.Equal(1, await Dispatcher().SendDueAsync(CancellationToken.None));
        Assert.Single(await smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10)));
        var sent = await RowAsync(id);
        Assert.Equal(QueuedEmailState.Sent, sent.State);
        Assert.Equal(2, sent.Attempts);
        Assert.Null(sent.LastError);
    }

    [Fact]
    public async Task SendDueAsync_RelayNeverAnswers_GivesUpAfterMaxAttempts()
    {
        var id = await QueueAsync("patient@example.org", EmailTemplate.CareTeamMessage(Link));
        await smtp.StopAsync();
        var dispatcher = Dispatcher(maxAttempts: 2);

        await dispatcher.SendDueAsync(CancellationToken.None);
        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.QueuedEmails.Where(e => e.Id == id).ExecuteUpdateAsync(s => s.SetProperty(e => e.NextAttemptAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }

        await dispatcher.SendDueAsync(CancellationToken.None);

        var row = await RowAsync(id);
        Assert.Equal(QueuedEmailState.Failed, row.State);
        Assert.Equal(2, row.Attempts);
        Assert.Equal(0, await dispatcher.SendDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task SendDueAsync_TwoDispatchersOnOneOutbox_EveryMessageDeliveredExactlyOnce()
    {
        for (var i = 0; i < 12; i++)
        {
            await QueueAsync($"patient{i}@example.org", EmailTemplate.CareTeamMessage(Link));
        }

        var counts = await Task.WhenAll(Dispatcher().SendDueAsync(CancellationToken.None), Dispatcher().SendDueAsync(CancellationToken.None));

        Assert.Equal(12, counts.Sum());
        var delivered = await smtp.WaitForMessagesAsync(12, TimeSpan.FromSeconds(20));
        Assert.Equal(12, delivered.Count);
        Assert.Equal(12, delivered.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
    }

    [Fact]
    public async Task Add_NotAnEmailAddress_IsRefused()
    {
        await using var db = await contexts.CreateDbContextAsync();

        Assert.Throws<ArgumentException>(() => outbox.Add(db, "not an address", EmailTemplate.CareTeamMessage(Link)));
    }
}
