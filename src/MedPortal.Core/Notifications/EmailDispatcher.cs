using MedPortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MedPortal.Core.Notifications;

/// <summary>
/// Sends queued emails. Each message is claimed with <c>FOR UPDATE SKIP LOCKED</c>, so several app instances share one
/// outbox without sending anything twice; a failure is retried with exponential backoff (2 s doubling, at most 15 min)
/// until <see cref="EmailOptions.MaxAttempts"/>, then marked failed. Logs carry the message id and the error type only:
/// no address, subject or body.
/// </summary>
public sealed partial class EmailDispatcher(
    IDbContextFactory<MedPortalDb> contexts,
    EmailOutbox outbox,
    SmtpMailSender sender,
    IOptions<EmailOptions> options,
    TimeProvider clock,
    ILogger<EmailDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(15);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await SendDueAsync(stoppingToken) == 0)
                {
                    await outbox.WaitAsync(PollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The database may be down for a while; the dispatcher must outlive that, not stop the host.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogLoopFailed(logger, ex.GetType().Name);
                await Task.Delay(PollInterval, clock, stoppingToken);
            }
        }
    }

    /// <summary>Sends every message that is due now, one at a time.</summary>
    /// <returns>How many messages were attempted.</returns>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var attempted = 0;
        while (await SendNextAsync(cancellationToken))
        {
            attempted++;
        }

        return attempted;
    }

    private async Task<bool> SendNextAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var email = await db.QueuedEmails
            .FromSql($"SELECT * FROM email_outbox WHERE state = 'Pending' AND next_attempt_at <= {now} ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED")
            .SingleOrDefaultAsync(cancellationToken);
        if (email is null)
        {
            return false;
        }

        email.Attempts++;
        try
        {
            await sender.SendAsync(email, cancellationToken);
            email.State = QueuedEmailState.Sent;
            email.SentAt = clock.GetUtcNow();
            email.LastError = null;
            LogSent(logger, email.Id, email.Kind);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Any SMTP, TLS or socket failure is recorded on the message and retried.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            email.LastError = $"{ex.GetType().Name}: {FirstLine(ex.Message)}";
            if (email.Attempts >= options.Value.MaxAttempts)
            {
                email.State = QueuedEmailState.Failed;
                LogGaveUp(logger, email.Id, email.Attempts, ex.GetType().Name);
            }
            else
            {
                var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, 2 * Math.Pow(2, email.Attempts - 1)));
                email.NextAttemptAt = clock.GetUtcNow() + backoff;
                LogRetry(logger, email.Id, email.Attempts, backoff.TotalSeconds, ex.GetType().Name);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length <= 300 ? line : line[..300];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email is not enabled (Email:Enabled is false): messages are queued but not sent")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Email dispatcher loop failed ({ErrorType}); retrying")]
    private static partial void LogLoopFailed(ILogger logger, string errorType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {EmailId} ({Kind}) sent")]
    private static partial void LogSent(ILogger logger, long emailId, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {EmailId} attempt {Attempt} failed ({ErrorType}); next try in {Seconds} s")]
    private static partial void LogRetry(ILogger logger, long emailId, int attempt, double seconds, string errorType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Email {EmailId} failed after {Attempts} attempts ({ErrorType}); given up")]
    private static partial void LogGaveUp(ILogger logger, long emailId, int attempts, string errorType);
}
