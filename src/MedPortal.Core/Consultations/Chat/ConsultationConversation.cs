using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using MedPortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Core.Consultations.Chat;

/// <summary>
/// Stores a consultation's conversation: starting it, loading it for its patient, and appending messages in order.
/// Every patient message is committed before anything answers it.
/// </summary>
public sealed class ConsultationConversation(IDbContextFactory<MedPortalDb> contexts, AuditLog audit, TimeProvider clock)
{
    /// <summary>Starts a new consultation for the acting patient.</summary>
    public async Task<Consultation> StartAsync(AuditActor patient, CancellationToken cancellationToken = default)
    {
        RequirePatient(patient);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var consultation = new Consultation { PatientId = patient.UserId, StartedAt = clock.GetUtcNow() };
        db.Consultations.Add(consultation);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(db, patient, "consultation.create", "consultation", consultation.Id.ToString(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return consultation;
    }

    /// <summary>
    /// Deletes the acting patient's consultation when it holds nothing of theirs yet: no patient message, still in
    /// progress, no assessment, summary or document. Such a consultation is only the assistant's greeting, an abandoned
    /// start; anything with the patient's words in it is a clinical record and stays.
    /// </summary>
    /// <exception cref="ChatInputException">Missing or not the actor's, or not empty (the text says why).</exception>
    public async Task DiscardAsync(AuditActor patient, Guid consultationId, CancellationToken cancellationToken = default)
    {
        RequirePatient(patient);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var consultation = RequireOwner(patient, await LockAsync(db, consultationId, cancellationToken));
        var holdsRecord = consultation.Status != ConsultationStatus.InProgress
            || await db.Messages.AnyAsync(m => m.ConsultationId == consultationId && m.Author == MessageAuthor.Patient, cancellationToken)
            || await db.Assessments.AnyAsync(a => a.ConsultationId == consultationId, cancellationToken)
            || await db.Summaries.AnyAsync(s => s.ConsultationId == consultationId, cancellationToken)
            || await db.Documents.AnyAsync(d => d.ConsultationId == consultationId, cancellationToken);
        if (holdsRecord)
        {
            throw new ChatInputException("Only a consultation you have not written in yet can be discarded.");
        }
        // The greeting goes with it (ON DELETE CASCADE); the audit row keeps the fact that it existed.
        await db.Consultations.Where(c => c.Id == consultationId).ExecuteDeleteAsync(cancellationToken);
        await audit.AppendAsync(db, patient, "consultation.discard", "consultation", consultationId.ToString(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Loads a consultation with its messages for the actor, or null when it does not exist or is not theirs to see.
    /// An assistant reply left streaming by a dropped circuit or a restart is marked incomplete here.
    /// </summary>
    public async Task<Consultation?> LoadAsync(AuditActor actor, Guid consultationId, IReadOnlySet<Guid> activeReplies, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = await db.Consultations.Include(c => c.Messages.OrderBy(m => m.Sequence))
            .FirstOrDefaultAsync(c => c.Id == consultationId, cancellationToken);
        var allowed = consultation is not null && ConsultationReader.MayRead(actor, consultation);
        if (allowed)
        {
            var orphaned = consultation!.Messages.Where(m => m.State == MessageState.Streaming && !activeReplies.Contains(m.Id)).ToList();
            foreach (var message in orphaned)
            {
                message.State = MessageState.Incomplete;
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        await audit.AppendAsync(db, actor, allowed ? "consultation.view" : "consultation.view-denied", "consultation", consultationId.ToString(), cancellationToken);
        return allowed ? consultation : null;
    }

    /// <summary>
    /// Stores a patient message once: sending the same <paramref name="clientMessageId"/> again (after a dropped connection
    /// or a retry) returns the stored message instead of a duplicate. Messages get consecutive sequence numbers in the
    /// order they commit.
    /// </summary>
    /// <exception cref="ChatInputException">The text is empty, too long, or the consultation no longer accepts messages.</exception>
    public async Task<ConsultationMessage> AppendPatientMessageAsync(
        AuditActor patient, Guid consultationId, Guid clientMessageId, string text, CancellationToken cancellationToken = default)
    {
        RequirePatient(patient);
        var content = Validate(text);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var consultation = RequireOwner(patient, await LockAsync(db, consultationId, cancellationToken));
        var existing = await db.Messages.AsNoTracking()
            .FirstOrDefaultAsync(m => m.ConsultationId == consultationId && m.ClientMessageId == clientMessageId, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }
        if (consultation.Status != ConsultationStatus.InProgress)
        {
            throw new ChatInputException("This consultation was already sent to a nurse. Start a new consultation for a new problem.");
        }
        var count = await db.Messages.CountAsync(m => m.ConsultationId == consultationId, cancellationToken);
        if (count >= ChatLimits.MaxMessagesPerConsultation)
        {
            throw new ChatInputException("This conversation is as long as it can get. Please review and send it to a nurse.");
        }
        var message = new ConsultationMessage
        {
            ConsultationId = consultationId,
            Sequence = await NextSequenceAsync(db, consultationId, cancellationToken),
            Author = MessageAuthor.Patient,
            Content = content,
            CreatedAt = clock.GetUtcNow(),
            ClientMessageId = clientMessageId,
        };
        db.Messages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(db, patient, "message.create", "consultation", consultationId.ToString(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return message;
    }

    /// <summary>
    /// Adds an assistant or system message (a reply starts as <see cref="MessageState.Streaming"/>) to a consultation of
    /// the acting patient.
    /// </summary>
    /// <exception cref="ChatInputException">The consultation does not exist or is not the actor's.</exception>
    public async Task<ConsultationMessage> AppendAssistantMessageAsync(
        AuditActor patient, Guid consultationId, MessageAuthor author, string content, MessageState state, string? slot = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        RequireOwner(patient, await LockAsync(db, consultationId, cancellationToken));
        var message = new ConsultationMessage
        {
            ConsultationId = consultationId,
            Sequence = await NextSequenceAsync(db, consultationId, cancellationToken),
            Author = author,
            Content = content,
            CreatedAt = clock.GetUtcNow(),
            State = state,
            Slot = slot,
        };
        db.Messages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return message;
    }

    /// <summary>Saves a streaming reply's text so far, or its final text and state.</summary>
    public async Task SaveReplyAsync(Guid messageId, string content, MessageState state, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Messages.Where(m => m.Id == messageId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Content, ChatLimits.Printable(content)).SetProperty(m => m.State, state), cancellationToken);
    }

    /// <summary>Validates and normalises a patient message.</summary>
    /// <exception cref="ChatInputException">Empty or too long.</exception>
    public static string Validate(string? text)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0)
        {
            throw new ChatInputException("Type a message before sending.");
        }
        if (trimmed.Length > ChatLimits.MaxMessageLength)
        {
            throw new ChatInputException($"Messages can be up to {ChatLimits.MaxMessageLength:N0} characters; this one has {trimmed.Length:N0}. Please shorten it or send it in parts.");
        }
        // Control characters other than NUL are harmless as text; NUL and unpaired surrogates cannot be stored.
        return StorableText.Clean(trimmed);
    }

    private static void RequirePatient(AuditActor actor)
    {
        if (actor.Role != Roles.Patient)
        {
            throw new ChatInputException("Only patients can write in their consultations.");
        }
    }

    /// <summary>The consultation when it exists and belongs to the acting patient; otherwise the same "not found" as a missing one.</summary>
    /// <exception cref="ChatInputException">Missing, or not the actor's.</exception>
    internal static Consultation RequireOwner(AuditActor actor, Consultation? consultation) =>
        consultation is not null && actor.Role == Roles.Patient && consultation.PatientId == actor.UserId
            ? consultation
            : throw new ChatInputException(NotFound);

    /// <summary>What a patient reads for a consultation that is missing or not theirs.</summary>
    internal const string NotFound = "This consultation could not be found.";

    // Row lock on the consultation: concurrent appends to one conversation commit one after another, in order.
    internal static Task<Consultation?> LockAsync(MedPortalDb db, Guid consultationId, CancellationToken cancellationToken) =>
        db.Consultations.FromSql($"SELECT * FROM consultations WHERE id = {consultationId} FOR UPDATE").FirstOrDefaultAsync(cancellationToken);

    internal static async Task<int> NextSequenceAsync(MedPortalDb db, Guid consultationId, CancellationToken cancellationToken) =>
        (await db.Messages.Where(m => m.ConsultationId == consultationId).MaxAsync(m => (int?)m.Sequence, cancellationToken) ?? 0) + 1;
}
