using System.Globalization;
using System.Text;
using System.Text.Json;
using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using MedPortal.Core.Live;
using MedPortal.Core.Triage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using MedPortal.Core.Consultations.Interview;
using MedPortal.Core.Consultations.NurseQueue;
using MedPortal.Core.Consultations.Screening;
using MedPortal.Core.Consultations.TextMining;

namespace MedPortal.Core.Consultations.Chat;

/// <summary>
/// Runs the patient's side of a consultation: every message is stored, then triaged by the deterministic rules before
/// any reply is planned; the interview protocol chooses what to ask; a model (when ready) only phrases it. Finally the
/// confirmed conversation becomes a preliminary assessment in the nurse queue.
/// </summary>
public sealed class ConsultationAssistant(
    ConsultationConversation conversation,
    ConversationScreener triage,
    IDbContextFactory<MedPortalDb> contexts,
    AuditLog audit,
    TimeProvider clock)
{
    /// <summary>The sampling settings for interview replies.</summary>
    private const float ReplyTemperature = 0.3f;

    /// <summary>Starts a consultation and stores the greeting.</summary>
    public async Task<Consultation> StartAsync(AuditActor patient, CancellationToken cancellationToken = default)
    {
        var consultation = await conversation.StartAsync(patient, cancellationToken);
        await conversation.AppendAssistantMessageAsync(patient, consultation.Id, MessageAuthor.Assistant, InterviewProtocol.Greeting, MessageState.Complete, "complaint", cancellationToken);
        return consultation;
    }

    /// <summary>
    /// Stores one patient message and screens the whole conversation at once. The returned result says whether to
    /// show the emergency banner; nothing has been said by any model yet.
    /// </summary>
    /// <exception cref="ChatInputException">The message cannot be accepted; the text says why.</exception>
    public async Task<PatientTurn> AcceptAsync(AuditActor patient, Guid consultationId, Guid clientMessageId, string text, CancellationToken cancellationToken = default)
    {
        var message = await conversation.AppendPatientMessageAsync(patient, consultationId, clientMessageId, text, cancellationToken);
        var screening = await TriageAsync(patient, consultationId, cancellationToken);
        return new PatientTurn(message, screening);
    }

    /// <summary>Re-runs the rules over every patient message of the actor's consultation and records the result on it.</summary>
    /// <exception cref="ChatInputException">The consultation does not exist or is not the actor's.</exception>
    public async Task<ScreeningResult> TriageAsync(AuditActor patient, Guid consultationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = ConsultationConversation.RequireOwner(patient, await db.Consultations.FirstOrDefaultAsync(c => c.Id == consultationId, cancellationToken));
        var texts = await PatientTextsAsync(db, consultationId, cancellationToken);
        var dateOfBirth = await db.Users.Where(u => u.Id == consultation.PatientId).Select(u => u.DateOfBirth).FirstOrDefaultAsync(cancellationToken);
        var screening = triage.Assess(texts, dateOfBirth, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        consultation.RuleAcuity = screening.Acuity;
        consultation.ChiefComplaint ??= Truncate(screening.Facts.ChiefComplaint, 500);
        if (screening.IsEmergency && consultation.EmergencyShownAt is null)
        {
            consultation.EmergencyShownAt = clock.GetUtcNow();
        }
        await db.SaveChangesAsync(cancellationToken);
        return screening;
    }

    /// <summary>
    /// Decides the next reply and creates its (empty, streaming) message. Emergency advice and the recap prompt always
    /// use the protocol's own words (<see cref="PlannedReply.ModelMayPhrase"/> is false); an interview question may be
    /// phrased by a model, with <see cref="PlannedReply.ProtocolText"/> as its fallback.
    /// </summary>
    /// <exception cref="ChatInputException">The consultation does not exist or is not the actor's.</exception>
    public async Task<PlannedReply> PlanReplyAsync(AuditActor patient, Guid consultationId, ScreeningResult screening, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(screening);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        ConsultationConversation.RequireOwner(patient, await db.Consultations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == consultationId, cancellationToken));
        var messages = await db.Messages.AsNoTracking().Where(m => m.ConsultationId == consultationId)
            .OrderBy(m => m.Sequence).ToListAsync(cancellationToken);
        // A question whose reply was stopped or failed was never really asked: Retry asks it again.
        var asked = messages.Where(m => m.Slot is not null && m.State == MessageState.Complete).Select(m => m.Slot!).ToHashSet(StringComparer.Ordinal);
        var facts = new InterviewFacts(screening.KnownSlots, screening.RedFlagQuestions, screening.PregnancyRelevant, screening.IsEmergency);
        var step = InterviewProtocol.Next(facts, asked);
        var (text, slot) = step.Kind switch
        {
            InterviewStepKind.Ask => (step.Slot!.Question, step.Slot.Key),
            InterviewStepKind.EmergencyStop => (EmergencyReply(screening, alreadyAdvised: messages.Any(m => m.Slot == EmergencySlot)), EmergencySlot),
            InterviewStepKind.ReadyForRecap => (RecapReply, RecapSlot),
            _ => throw new InvalidOperationException($"Unknown interview step {step.Kind}"),
        };
        var target = await conversation.AppendAssistantMessageAsync(patient, consultationId, MessageAuthor.Assistant, "", MessageState.Streaming, slot, cancellationToken);
        var options = new ChatOptions
        {
            Temperature = ReplyTemperature,
            MaxOutputTokens = 220,
            AdditionalProperties = new AdditionalPropertiesDictionary { ["medportal.priority"] = "Interactive" },
        };
        return new PlannedReply(target, step.Kind, BuildPrompt(messages, text), options, text);
    }

    /// <summary>
    /// Whether the actor's consultation waits for an assistant reply: it is in progress and the patient's message is the
    /// latest (or, with <paramref name="retryIncomplete"/>, the latest reply is incomplete).
    /// </summary>
    /// <exception cref="ChatInputException">The consultation does not exist or is not the actor's.</exception>
    public async Task<PendingReply> PendingReplyAsync(AuditActor patient, Guid consultationId, bool retryIncomplete, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = ConsultationConversation.RequireOwner(patient, await db.Consultations.AsNoTracking().FirstOrDefaultAsync(c => c.Id == consultationId, cancellationToken));
        var last = await db.Messages.AsNoTracking()
            .Where(m => m.ConsultationId == consultationId && (m.Author == MessageAuthor.Patient || m.Author == MessageAuthor.Assistant))
            .OrderByDescending(m => m.Sequence).Select(m => new { m.Id, m.Author, m.State }).FirstOrDefaultAsync(cancellationToken);
        var needed = consultation.Status == ConsultationStatus.InProgress && last is not null
            && (last.Author == MessageAuthor.Patient || (retryIncomplete && last.State == MessageState.Incomplete));
        return new PendingReply(needed, last?.Author == MessageAuthor.Patient ? last.Id : null);
    }

    /// <summary>The plain-language recap the patient reviews before sending their consultation to a nurse.</summary>
    /// <exception cref="ChatInputException">The consultation does not exist or is not the actor's.</exception>
    public async Task<Recap> BuildRecapAsync(AuditActor patient, Guid consultationId, CancellationToken cancellationToken = default)
    {
        var screening = await TriageAsync(patient, consultationId, cancellationToken);
        return Recap.From(screening.Facts);
    }

    /// <summary>
    /// Sends the consultation to the nurse queue as a preliminary assessment (once: a second call returns the first).
    /// A ready model may add a rationale and raise the acuity, never lower it below the rules.
    /// </summary>
    public async Task<PreliminaryAssessment> SubmitAsync(AuditActor patient, Guid consultationId, IChatClient? model, CancellationToken cancellationToken = default)
    {
        var snapshot = await TriageAsync(patient, consultationId, cancellationToken);
        var opinion = model is null ? null : await ModelOpinion.AskAsync(model, snapshot, await TranscriptAsync(consultationId, cancellationToken), cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var consultation = ConsultationConversation.RequireOwner(patient, await ConsultationConversation.LockAsync(db, consultationId, cancellationToken));
        var existing = await db.Assessments.FirstOrDefaultAsync(a => a.ConsultationId == consultationId, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }
        if (!await db.Messages.AnyAsync(m => m.ConsultationId == consultationId && m.Author == MessageAuthor.Patient, cancellationToken))
        {
            throw new ChatInputException("Tell us what is wrong before sending this to a nurse.");
        }
        var assessment = new PreliminaryAssessment
        {
            ConsultationId = consultationId,
            PatientId = consultation.PatientId,
            CreatedAt = clock.GetUtcNow(),
            RuleAcuity = snapshot.Acuity,
            ModelAcuity = opinion?.Acuity,
            AiAcuity = AcuityRules.RaiseOnly(snapshot.Acuity, opinion?.Acuity),
            IsCrisis = snapshot.IsCrisis,
            FiredRulesJson = FiredRuleRecord.ListToJson(snapshot.FiredRules),
            ExtractedJson = snapshot.Facts.ToJson(),
            Recap = Recap.From(snapshot.Facts).ToText(),
            Rationale = opinion?.Rationale,
            Provenance = $"triage {snapshot.EngineVersion}" + (opinion is null ? "; no model" : $"; model {opinion.Model}"),
        };
        db.Assessments.Add(assessment);
        consultation.Status = ConsultationStatus.AwaitingTriage;
        consultation.ChiefComplaint = snapshot.Facts.ChiefComplaint;
        consultation.SubmittedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(db, patient, "consultation.submit", "consultation", consultationId.ToString(), cancellationToken);
        await LiveEventPublisher.NotifyAsync(db, LiveEventKinds.AssessmentCreated, assessment.Id, consultationId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return assessment;
    }

    /// <summary>The interview slot recorded for emergency advice.</summary>
    public const string EmergencySlot = "emergency";

    /// <summary>The interview slot recorded for the recap prompt.</summary>
    public const string RecapSlot = "recap";

    private const string RecapReply =
        "Thank you, that is everything I need to ask. Please check the summary below. If it is right, send it to a nurse; " +
        "if something is missing or wrong, just type it here.";

    private static string EmergencyReply(ScreeningResult snapshot, bool alreadyAdvised)
    {
        var text = new StringBuilder();
        if (alreadyAdvised)
        {
            text.Append("Please don't wait for this chat. ");
        }
        text.Append(snapshot.PatientDisposition.Trim());
        text.Append("\n\nYou can also send this conversation to a nurse now with **Review and send**, but do not wait for a reply before getting help.");
        return text.ToString();
    }

    private static List<ChatMessage> BuildPrompt(IReadOnlyList<ConsultationMessage> history, string nextQuestion)
    {
        var prompt = new List<ChatMessage>
        {
            new(ChatRole.System,
                "You are MedPortal's pre-screening assistant for a medical clinic. A nurse reviews every conversation. " +
                "Rules: never state, suggest or rule out a diagnosis or condition; never tell the patient what they have; " +
                "never give medication doses; do not reassure that something is harmless. " +
                "If the patient asked a question, answer briefly in general terms and say the nurse will advise. " +
                "Then ask exactly this next question, in your own friendly words, keeping its meaning: \"" + nextQuestion + "\" " +
                "Reply in at most 60 words, in the patient's language, as plain text."),
        };
        foreach (var message in history.Where(m => m.Author is MessageAuthor.Patient or MessageAuthor.Assistant && m.Content.Length > 0).TakeLast(16))
        {
            prompt.Add(new ChatMessage(message.Author == MessageAuthor.Patient ? ChatRole.User : ChatRole.Assistant, message.Content));
        }
        return prompt;
    }

    private static async Task<List<string>> PatientTextsAsync(MedPortalDb db, Guid consultationId, CancellationToken cancellationToken) =>
        await db.Messages.AsNoTracking()
            .Where(m => m.ConsultationId == consultationId && m.Author == MessageAuthor.Patient)
            .OrderBy(m => m.Sequence).Select(m => m.Content).ToListAsync(cancellationToken);

    private async Task<string> TranscriptAsync(Guid consultationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var messages = await db.Messages.AsNoTracking().Where(m => m.ConsultationId == consultationId)
            .OrderBy(m => m.Sequence).Select(m => new { m.Author, m.Content }).ToListAsync(cancellationToken);
        return string.Join('\n', messages.Select(m => $"{m.Author}: {m.Content}"));
    }

    private static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}

/// <summary>The result of accepting one patient message.</summary>
/// <param name="Message">The stored message.</param>
/// <param name="Triage">The rules' conclusion over the whole conversation.</param>
public sealed record PatientTurn(ConsultationMessage Message, ScreeningResult Triage);

/// <summary>Whether a consultation waits for a reply.</summary>
/// <param name="Needed">True when the assistant should answer now.</param>
/// <param name="LatestPatientMessageId">The patient's message to answer, when it is the latest.</param>
public sealed record PendingReply(bool Needed, Guid? LatestPatientMessageId);

/// <summary>A reply ready to stream.</summary>
/// <param name="Target">The assistant message to stream into.</param>
/// <param name="Step">What the interview is doing.</param>
/// <param name="Prompt">The prompt for a model that phrases <paramref name="ProtocolText"/>.</param>
/// <param name="Options">Sampling options for that model.</param>
/// <param name="ProtocolText">The protocol's wording: said as is without a model, and the fallback for a model reply that claims a diagnosis.</param>
public sealed record PlannedReply(ConsultationMessage Target, InterviewStepKind Step, IReadOnlyList<ChatMessage> Prompt, ChatOptions Options, string ProtocolText)
{
    /// <summary>True when a model may phrase this reply: interview questions only; emergency advice and the recap prompt keep the protocol's words.</summary>
    public bool ModelMayPhrase => Step == InterviewStepKind.Ask;
}

/// <summary>The acuity floor: a model may raise the rules' level, never lower it.</summary>
public static class AcuityRules
{
    /// <summary>The more urgent of the two (lower number), never less urgent than <paramref name="rules"/>.</summary>
    public static Acuity RaiseOnly(Acuity rules, Acuity? model) =>
        model is { } m && (int)m < (int)rules ? m : rules;
}

/// <summary>The rules' level raised (never lowered) by a model's opinion, as the consultation loop does; for evaluation.</summary>
public static class ModelAssistedTriage
{
    /// <summary>Asks the model about one free-text case and returns the more urgent of its level and the rules'.</summary>
    /// <param name="model">The chat model.</param>
    /// <param name="snapshot">The rules' assessment of <paramref name="text"/>.</param>
    /// <param name="text">The case as the patient (or vignette) put it.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The final level, and the model's own suggestion (null when it gave none).</returns>
    public static async Task<(Acuity Final, Acuity? Model)> AssessAsync(IChatClient model, ScreeningResult snapshot, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var opinion = await ModelOpinion.AskAsync(model, snapshot, "Patient: " + text, cancellationToken);
        return (AcuityRules.RaiseOnly(snapshot.Acuity, opinion?.Acuity), opinion?.Acuity);
    }
}

/// <summary>What a ready model adds to an assessment: a suggested level and a short rationale for the nurse.</summary>
internal sealed record ModelOpinion(Acuity? Acuity, string? Rationale, string Model)
{
    public static async Task<ModelOpinion?> AskAsync(IChatClient model, ScreeningResult snapshot, string transcript, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var name = model.GetService<ChatClientMetadata>()?.DefaultModelId ?? "model";
        try
        {
            var response = await model.GetResponseAsync(
            [
                new ChatMessage(ChatRole.System,
                    "You help a triage nurse. Read the pre-screening conversation and reply with JSON only: " +
                    "{\"acuity\": 1-5, \"rationale\": \"at most 60 words\"}. Levels: 1 call emergency services, 2 emergency department now, " +
                    "3 see a clinician within 24 hours, 4 routine appointment, 5 self-care. The rules already chose level " +
                    ((int)snapshot.Acuity).ToString(CultureInfo.InvariantCulture) + "."),
                new ChatMessage(ChatRole.User, transcript.Length > 12_000 ? transcript[^12_000..] : transcript),
            ], new ChatOptions { Temperature = 0, MaxOutputTokens = 160, AdditionalProperties = new() { ["medportal.priority"] = "Interactive" } }, timeout.Token);
            return Parse(response.Text, name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The model is advisory: without its opinion the assessment still carries the rules' level.
            return null;
        }
    }

    internal static ModelOpinion? Parse(string text, string model)
    {
        var start = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.LastIndexOf('}');
        if (start < 0 || end <= start)
        {
            return null;
        }
        try
        {
            using var json = JsonDocument.Parse(text[start..(end + 1)]);
            Acuity? acuity = json.RootElement.TryGetProperty("acuity", out var a) && a.TryGetInt32(out var level) && level is >= 1 and <= 5
                ? (Acuity)level
                : null;
            var rationale = json.RootElement.TryGetProperty("rationale", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            if (rationale is { Length: > 600 })
            {
                rationale = rationale[..600];
            }
            return acuity is null && rationale is null ? null : new ModelOpinion(acuity, rationale, model);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
