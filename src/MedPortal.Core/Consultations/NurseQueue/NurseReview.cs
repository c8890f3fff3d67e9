using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using MedPortal.Core.Live;
using MedPortal.Core.Safety;
using MedPortal.Core.Triage;
using Microsoft.EntityFrameworkCore;
using MedPortal.Core.Consultations.Chat;
using MedPortal.Core.Consultations.TextMining;
using MedPortal.Core.Notifications;
using Microsoft.Extensions.Options;

namespace MedPortal.Core.Consultations.NurseQueue;

/// <summary>
/// The nurse's side of the consultation loop: the queue of preliminary assessments, claiming a case, deciding it, and
/// the agreement dashboard. Every read of a case and every change is audited; a decision reaches the patient as a nurse
/// message in their chat (live when it is open) and as an email with no health information saying that a message is
/// waiting. Two nurses can never both decide one case: every change checks the assessment's version.
/// </summary>
/// <param name="contexts">Database contexts.</param>
/// <param name="audit">The audit chain.</param>
/// <param name="outbox">The email outbox (the email is queued in the decision's transaction).</param>
/// <param name="email">Where links in emails point.</param>
/// <param name="clock">The clinic's clock.</param>
public sealed class NurseReview(IDbContextFactory<MedPortalDb> contexts, AuditLog audit, EmailOutbox outbox, IOptions<EmailOptions> email, TimeProvider clock)
{
    /// <summary>The longest override reason accepted, in characters.</summary>
    public const int MaxReasonLength = 2000;

    /// <summary>The longest message to the patient accepted, in characters.</summary>
    public const int MaxMessageLength = 4000;

    /// <summary>Counts of open cases (waiting or claimed) per acuity, for the queue's header.</summary>
    public async Task<IReadOnlyDictionary<Acuity, int>> OpenCountsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var counts = await db.Assessments.Where(a => a.Status != AssessmentStatus.Decided)
            .GroupBy(a => a.AiAcuity)
            .Select(g => new { Acuity = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return Enum.GetValues<Acuity>().ToDictionary(level => level, level => counts.FirstOrDefault(c => c.Acuity == level)?.Count ?? 0);
    }

    /// <summary>One page of the queue: most urgent first, then longest waiting. Used by the virtualised list.</summary>
    /// <param name="filter">Which cases to show.</param>
    /// <param name="skip">Rows to skip.</param>
    /// <param name="take">Rows to return (at most 200).</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public async Task<QueuePage> PageAsync(QueueFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = from a in db.Assessments.AsNoTracking()
                    join c in db.Consultations on a.ConsultationId equals c.Id
                    join u in db.Users on a.PatientId equals u.Id
                    where a.Status != AssessmentStatus.Decided
                    select new { a, c.ChiefComplaint, u.DisplayName };
        if (filter.Levels is { Count: > 0 } levels)
        {
            query = query.Where(x => levels.Contains(x.a.AiAcuity));
        }
        if (filter.CrisisOnly)
        {
            query = query.Where(x => x.a.IsCrisis);
        }
        if (filter.ClaimedBy is { } nurseId)
        {
            query = query.Where(x => x.a.ClaimedBy == nurseId);
        }
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(x => x.a.AiAcuity).ThenBy(x => x.a.CreatedAt).ThenBy(x => x.a.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 200))
            .Select(x => new QueueItem(x.a.Id, x.a.ConsultationId, x.a.AiAcuity, x.a.IsCrisis, x.ChiefComplaint, x.DisplayName,
                x.a.CreatedAt, x.a.Status, x.a.ClaimedBy, x.a.Version))
            .ToListAsync(cancellationToken);
        return new QueuePage(rows, total);
    }

    /// <summary>Records that a nurse looked at the queue (it shows complaints and names).</summary>
    public Task AuditQueueViewAsync(AuditActor nurse, CancellationToken cancellationToken = default) =>
        audit.WriteAsync(nurse, "triage_queue.view", "triage_queue", "open", cancellationToken);

    /// <summary>Opens a case for review: the assessment, the transcript and the patient's earlier consultations. Audited.</summary>
    /// <returns>The case, or null when it does not exist.</returns>
    public async Task<CaseDetail?> OpenAsync(AuditActor nurse, Guid assessmentId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nurse);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var assessment = await db.Assessments.AsNoTracking().Include(a => a.Decision).FirstOrDefaultAsync(a => a.Id == assessmentId, cancellationToken);
        if (assessment is null)
        {
            return null;
        }
        var consultation = await db.Consultations.AsNoTracking().Include(c => c.Messages.OrderBy(m => m.Sequence))
            .FirstAsync(c => c.Id == assessment.ConsultationId, cancellationToken);
        var patient = await db.Users.AsNoTracking().Where(u => u.Id == assessment.PatientId)
            .Select(u => new { u.DisplayName, u.DateOfBirth }).FirstOrDefaultAsync(cancellationToken);
        var history = await (from c in db.Consultations.AsNoTracking()
                             where c.PatientId == assessment.PatientId && c.Id != consultation.Id
                             join a in db.Assessments on c.Id equals a.ConsultationId into aa
                             from a in aa.DefaultIfEmpty()
                             orderby c.StartedAt descending
                             select new EarlierConsultation(c.Id, c.StartedAt, c.ChiefComplaint, c.Status,
                                 a == null ? null : a.AiAcuity,
                                 a == null || a.Decision == null ? null : a.Decision.FinalAcuity,
                                 a == null || a.Decision == null ? null : a.Decision.Disposition))
            .Take(20).ToListAsync(cancellationToken);
        await audit.AppendAsync(db, nurse, "assessment.view", "assessment", assessmentId.ToString(), cancellationToken);
        return new CaseDetail(assessment, consultation, patient?.DisplayName ?? "Unknown patient", patient?.DateOfBirth,
            CaseFacts.FromJson(assessment.ExtractedJson), FiredRuleRecord.ListFromJson(assessment.FiredRulesJson), history);
    }

    /// <summary>Claims a waiting case for this nurse. Claiming one's own claim again is allowed.</summary>
    /// <param name="nurse">Who claims.</param>
    /// <param name="assessmentId">The case.</param>
    /// <param name="expectedVersion">The version the nurse saw; a newer one means someone else acted.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>The new version.</returns>
    /// <exception cref="DecisionConflictException">Another nurse claimed or decided it, or it changed since it was read.</exception>
    public Task<int> ClaimAsync(AuditActor nurse, Guid assessmentId, int expectedVersion, CancellationToken cancellationToken = default) =>
        ChangeClaimAsync(nurse, assessmentId, expectedVersion, "assessment.claim", assessment =>
        {
            if (assessment.Status == AssessmentStatus.Claimed)
            {
                return false;
            }
            assessment.Status = AssessmentStatus.Claimed;
            assessment.ClaimedBy = nurse.UserId;
            assessment.ClaimedAt = clock.GetUtcNow();
            return true;
        }, cancellationToken);

    /// <summary>Gives a claimed case back to the queue. Releasing a case nobody holds changes nothing.</summary>
    /// <exception cref="DecisionConflictException">It is not this nurse's claim, or it changed since it was read.</exception>
    public Task<int> ReleaseAsync(AuditActor nurse, Guid assessmentId, int expectedVersion, CancellationToken cancellationToken = default) =>
        ChangeClaimAsync(nurse, assessmentId, expectedVersion, "assessment.release", assessment =>
        {
            if (assessment.Status == AssessmentStatus.Waiting)
            {
                return false;
            }
            assessment.Status = AssessmentStatus.Waiting;
            assessment.ClaimedBy = null;
            assessment.ClaimedAt = null;
            return true;
        }, cancellationToken);

    private async Task<int> ChangeClaimAsync(AuditActor nurse, Guid assessmentId, int expectedVersion, string action, Func<PreliminaryAssessment, bool> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nurse);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var assessment = await db.Assessments.FirstOrDefaultAsync(a => a.Id == assessmentId, cancellationToken)
            ?? throw new DecisionConflictException("This case no longer exists.");
        EnsureOpenFor(nurse, assessment, expectedVersion);
        if (!change(assessment))
        {
            return assessment.Version;
        }
        assessment.Version++;
        await SaveOrConflictAsync(db, nurse, action, assessment, cancellationToken);
        await LiveEventPublisher.NotifyAsync(db, LiveEventKinds.AssessmentChanged, assessment.Id, assessment.ConsultationId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return assessment.Version;
    }

    /// <summary>
    /// Decides a case this nurse has claimed: accepts or overrides the AI acuity (an override needs a reason), sets the
    /// disposition (one that is not the level's usual one must be confirmed), and sends the patient a message that
    /// appears live in their chat.
    /// </summary>
    /// <exception cref="DecisionInputException">A required field is missing or too long; nothing was saved.</exception>
    /// <exception cref="DecisionConflictException">Another nurse holds or decided the case, or it changed since it was read.</exception>
    public async Task<NurseDecision> DecideAsync(AuditActor nurse, DecisionInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nurse);
        ArgumentNullException.ThrowIfNull(input);
        // Kept as typed, except what PostgreSQL text cannot hold (NUL, unpaired surrogates).
        var message = StorableText.Clean((input.MessageToPatient ?? "").Trim());
        var reason = input.OverrideReason is { } typed ? StorableText.Clean(typed.Trim()) : null;
        if (!Enum.IsDefined(input.FinalAcuity) || !Enum.IsDefined(input.Disposition))
        {
            throw new DecisionInputException("Choose an acuity level and a disposition.");
        }
        // Lengths before the database is touched; whether a reason is needed at all once the AI's acuity is read.
        if ((DecisionRules.MessageProblem(message) ?? DecisionRules.OverrideReasonProblem(input.FinalAcuity, input.FinalAcuity, reason)) is { } problem)
        {
            throw new DecisionInputException(problem);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var consultationId = await db.Assessments.Where(a => a.Id == input.AssessmentId).Select(a => (Guid?)a.ConsultationId).FirstOrDefaultAsync(cancellationToken)
            ?? throw new DecisionConflictException("This case no longer exists.");
        // The consultation row lock serialises the nurse message's sequence number with any other writer.
        var consultation = await ConsultationConversation.LockAsync(db, consultationId, cancellationToken)
            ?? throw new DecisionConflictException("This case no longer exists.");
        var assessment = await db.Assessments.FirstAsync(a => a.Id == input.AssessmentId, cancellationToken);
        EnsureOpenFor(nurse, assessment, input.ExpectedVersion);
        if (assessment.Status != AssessmentStatus.Claimed)
        {
            throw new DecisionConflictException("Claim this case before deciding it, so no other nurse works on it at the same time.");
        }
        var overridden = input.FinalAcuity != assessment.AiAcuity;
        if (DecisionRules.OverrideReasonProblem(assessment.AiAcuity, input.FinalAcuity, reason) is { } missingReason)
        {
            throw new DecisionInputException(missingReason);
        }
        if (!input.MismatchConfirmed && DecisionRules.Mismatch(input.FinalAcuity, input.Disposition) is not null)
        {
            throw new DecisionInputException(DispositionMismatch.Unconfirmed);
        }

        var now = clock.GetUtcNow();
        var decision = new NurseDecision
        {
            AssessmentId = assessment.Id,
            NurseId = nurse.UserId,
            DecidedAt = now,
            AiAcuity = assessment.AiAcuity,
            FinalAcuity = input.FinalAcuity,
            Overridden = overridden,
            OverrideReason = overridden ? reason : null,
            Disposition = input.Disposition,
            MessageToPatient = message,
        };
        db.Decisions.Add(decision);
        assessment.Status = AssessmentStatus.Decided;
        assessment.Version++;
        consultation.Status = ConsultationStatus.Triaged;
        var nurseMessage = new ConsultationMessage
        {
            ConsultationId = consultationId,
            Sequence = await ConsultationConversation.NextSequenceAsync(db, consultationId, cancellationToken),
            Author = MessageAuthor.Nurse,
            AuthorId = nurse.UserId,
            Content = PatientText(input.Disposition, message),
            CreatedAt = now,
            State = MessageState.Complete,
        };
        db.Messages.Add(nurseMessage);
        var emailed = await QueueCareTeamEmailAsync(db, assessment.PatientId, cancellationToken);
        await SaveOrConflictAsync(db, nurse, "assessment.decide", assessment, cancellationToken);
        await LiveEventPublisher.NotifyAsync(db, LiveEventKinds.AssessmentChanged, assessment.Id, consultationId, cancellationToken);
        await LiveEventPublisher.NotifyAsync(db, LiveEventKinds.MessageAdded, nurseMessage.Id, consultationId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (emailed)
        {
            outbox.Wake();
        }
        MedPortal.Core.Telemetry.MedPortalTelemetry.RecordReview(now - assessment.CreatedAt, (int)assessment.AiAcuity, assessment.IsCrisis);
        return decision;
    }

    /// <summary>The patient's consultations page, the only link a care-team email carries (no ids, no health information).</summary>
    public Uri PatientInboxLink() => new(new Uri(email.Value.PublicBaseUrl), "/consultations");

    private async Task<bool> QueueCareTeamEmailAsync(MedPortalDb db, string patientId, CancellationToken cancellationToken)
    {
        var address = await db.Users.Where(u => u.Id == patientId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
        if (!email.Value.Enabled || string.IsNullOrWhiteSpace(address) || !MimeKit.MailboxAddress.TryParse(address, out _))
        {
            // Email off, or an account without a usable address: the message is in the chat; nothing to send.
            return false;
        }
        outbox.Add(db, address, EmailTemplate.CareTeamMessage(PatientInboxLink()));
        return true;
    }

    /// <summary>What the patient reads: the nurse's disposition, their message, and the emergency path.</summary>
    public static string PatientText(Disposition disposition, string message) =>
        $"**{DispositionText.Title(disposition)}**\n\n{message}\n\n" +
        "_" + EmergencyGuidance.SafetyNet + "_";

    private static void EnsureOpenFor(AuditActor nurse, PreliminaryAssessment assessment, int expectedVersion)
    {
        if (assessment.Status == AssessmentStatus.Decided)
        {
            throw new DecisionConflictException("This case has already been decided by another nurse.");
        }
        if (assessment.Status == AssessmentStatus.Claimed && assessment.ClaimedBy != nurse.UserId)
        {
            throw new DecisionConflictException("Another nurse has claimed this case.");
        }
        if (assessment.Version != expectedVersion)
        {
            throw new DecisionConflictException("This case changed since you opened it. It has been reloaded; check it and try again.");
        }
    }

    private async Task SaveOrConflictAsync(MedPortalDb db, AuditActor nurse, string action, PreliminaryAssessment assessment, CancellationToken cancellationToken)
    {
        try
        {
            // The audit append saves every tracked change in the same transaction, so the version check covers both.
            await audit.AppendAsync(db, nurse, action, "assessment", assessment.Id.ToString(), cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new DecisionConflictException("Another nurse changed this case at the same moment. It has been reloaded; check it and try again.");
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            throw new DecisionConflictException("This case has already been decided by another nurse.");
        }
    }
}

/// <summary>Which open cases the queue shows.</summary>
/// <param name="Levels">Only these acuity levels (empty: all).</param>
/// <param name="CrisisOnly">Only crisis cases.</param>
/// <param name="ClaimedBy">Only cases claimed by this nurse.</param>
public sealed record QueueFilter(IReadOnlySet<Acuity>? Levels = null, bool CrisisOnly = false, string? ClaimedBy = null);

/// <summary>A page of the queue and the number of rows in the whole filtered queue.</summary>
public sealed record QueuePage(IReadOnlyList<QueueItem> Items, int Total);

/// <summary>One row of the nurse queue.</summary>
public sealed record QueueItem(
    Guid AssessmentId,
    Guid ConsultationId,
    Acuity AiAcuity,
    bool IsCrisis,
    string? ChiefComplaint,
    string PatientName,
    DateTimeOffset CreatedAt,
    AssessmentStatus Status,
    string? ClaimedBy,
    int Version);

/// <summary>Everything a nurse sees for one case.</summary>
public sealed record CaseDetail(
    PreliminaryAssessment Assessment,
    Consultation Consultation,
    string PatientName,
    DateOnly? DateOfBirth,
    CaseFacts Facts,
    IReadOnlyList<FiredRuleRecord> FiredRules,
    IReadOnlyList<EarlierConsultation> History);

/// <summary>One of the patient's other consultations.</summary>
public sealed record EarlierConsultation(Guid ConsultationId, DateTimeOffset StartedAt, string? ChiefComplaint, ConsultationStatus Status, Acuity? AiAcuity, Acuity? FinalAcuity, Disposition? Disposition);

/// <summary>What the nurse decided.</summary>
/// <param name="AssessmentId">The case.</param>
/// <param name="ExpectedVersion">The version the nurse saw.</param>
/// <param name="FinalAcuity">The acuity the nurse sets (equal to the AI's to accept it).</param>
/// <param name="OverrideReason">Required when <paramref name="FinalAcuity"/> differs from the AI's.</param>
/// <param name="Disposition">What happens next.</param>
/// <param name="MessageToPatient">What the patient reads.</param>
/// <param name="MismatchConfirmed">The nurse confirmed a disposition that is not the usual one for <paramref name="FinalAcuity"/> (see <see cref="DecisionRules.Mismatch"/>); without it such a decision is refused.</param>
public sealed record DecisionInput(Guid AssessmentId, int ExpectedVersion, Acuity FinalAcuity, string? OverrideReason, Disposition Disposition, string? MessageToPatient, bool MismatchConfirmed = false);

/// <summary>A nurse's input was incomplete; the message says what to fix. Nothing was saved.</summary>
public sealed class DecisionInputException(string message) : Exception(message);

/// <summary>Someone else acted on the case first; the message says what happened.</summary>
public sealed class DecisionConflictException(string message) : Exception(message);

/// <summary>Plain-language names of acuity levels and dispositions.</summary>
public static class DispositionText
{
    /// <summary>The disposition as the patient reads it.</summary>
    public static string Title(Disposition disposition) => disposition switch
    {
        Disposition.CallEmergencyServices => "Call emergency services now",
        Disposition.GoToEmergencyDepartment => "Go to an emergency department now",
        Disposition.SeeClinicianWithin24Hours => "See a clinician within 24 hours",
        Disposition.BookRoutineAppointment => "Book a routine appointment",
        Disposition.SelfCare => "Care for yourself at home",
        _ => disposition.ToString(),
    };

    /// <summary>The usual disposition for an acuity level.</summary>
    public static Disposition For(Acuity acuity) => acuity switch
    {
        Acuity.Emergency => Disposition.CallEmergencyServices,
        Acuity.EmergencyDepartment => Disposition.GoToEmergencyDepartment,
        Acuity.Urgent => Disposition.SeeClinicianWithin24Hours,
        Acuity.Routine => Disposition.BookRoutineAppointment,
        _ => Disposition.SelfCare,
    };

    /// <summary>The acuity level's short label, e.g. "1 · Emergency".</summary>
    public static string Label(Acuity acuity) => acuity switch
    {
        Acuity.Emergency => "1 · Emergency",
        Acuity.EmergencyDepartment => "2 · ED now",
        Acuity.Urgent => "3 · Urgent (24 h)",
        Acuity.Routine => "4 · Routine",
        Acuity.SelfCare => "5 · Self-care",
        _ => acuity.ToString(),
    };
}

/// <summary>How soon a case of each acuity should be reviewed; the queue highlights cases waiting longer.</summary>
public static class QueueTargets
{
    /// <summary>The review target for a level (configurable clinic policy would replace these defaults).</summary>
    public static TimeSpan ReviewWithin(Acuity acuity) => acuity switch
    {
        Acuity.Emergency => TimeSpan.FromMinutes(5),
        Acuity.EmergencyDepartment => TimeSpan.FromMinutes(15),
        Acuity.Urgent => TimeSpan.FromHours(1),
        Acuity.Routine => TimeSpan.FromHours(4),
        _ => TimeSpan.FromHours(24),
    };

    /// <summary>
    /// How long an open case may wait before it is escalated: its review target, and for a crisis case (whatever its
    /// level) the level-1 target.
    /// </summary>
    public static TimeSpan EscalateAfter(Acuity acuity, bool isCrisis) => ReviewWithin(isCrisis ? Acuity.Emergency : acuity);

    /// <summary>The shortest escalation target of any case.</summary>
    public static TimeSpan ShortestEscalation => Enum.GetValues<Acuity>().Min(level => ReviewWithin(level));
}
