using MedPortal.Core.Data;

namespace MedPortal.Core.Notifications;

/// <summary>
/// Queues emails in the database. Call <see cref="Add"/> on the same context (and transaction) as the change the email
/// reports, save, then <see cref="Wake"/> so the dispatcher sends it at once instead of at its next poll.
/// </summary>
public sealed class EmailOutbox(TimeProvider clock)
{
    private readonly MedPortal.Core.Live.WakeSignal signal = new();

    /// <summary>Adds a message to the context; it is queued when the caller saves.</summary>
    /// <param name="db">The caller's context.</param>
    /// <param name="toAddress">Recipient.</param>
    /// <param name="template">What to send.</param>
    /// <returns>The queued row (its id is set on save).</returns>
    /// <exception cref="ArgumentException">The address is not a single plausible mailbox.</exception>
    public QueuedEmail Add(MedPortalDb db, string toAddress, EmailTemplate template)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(template);
        if (!TryParseRecipient(toAddress, out var mailbox))
        {
            throw new ArgumentException("The recipient is not a valid email address.", nameof(toAddress));
        }

        var now = clock.GetUtcNow();
        var email = new QueuedEmail
        {
            ToAddress = mailbox.Address,
            Kind = template.Kind,
            Subject = template.Subject,
            Body = template.Body,
            State = QueuedEmailState.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.QueuedEmails.Add(email);
        return email;
    }

    /// <summary>Whether <paramref name="address"/> is exactly one plausible mailbox, as <see cref="Add"/> requires.</summary>
    public static bool IsValidRecipient(string? address) => TryParseRecipient(address, out var mailbox) && mailbox.Address == address;

    private static bool TryParseRecipient(string? address, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MimeKit.MailboxAddress? mailbox)
    {
        mailbox = null;
        return address is not null && MimeKit.MailboxAddress.TryParse(address, out mailbox) && mailbox.Address.IndexOf('@', StringComparison.Ordinal) > 0;
    }

    /// <summary>Wakes the dispatcher (call after saving).</summary>
    public void Wake() => signal.Wake();

    /// <summary>Waits until <see cref="Wake"/> is called or the timeout passes.</summary>
    internal Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}
