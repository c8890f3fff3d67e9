using MedPortal.Core.Audit;
using MedPortal.Core.Clinic;
using MedPortal.Core.Consultations;
using MedPortal.Core.Consultations.TextMining;
using MedPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Core.Summaries;

/// <summary>
/// Clinician summaries: list, open (drafting the first version when there is none), edit, sign, read old versions.
/// Every read and change is audited; two clinicians acting on one version at once get a clear conflict, never a lost edit.
/// </summary>
/// <param name="contexts">Database contexts.</param>
/// <param name="audit">The audit chain.</param>
/// <param name="clock">The clinic's clock.</param>
/// <param name="clinicTime">How times are written in messages.</param>
public sealed class SummaryService(IDbContextFactory<MedPortalDb> contexts, AuditLog audit, TimeProvider clock, ClinicTime clinicTime)
{
    /// <summary>The longest section text accepted, in characters.</summary>
    public const int MaxSectionLength = 20_000;

    /// <summary>Consultations a clinician can summarise (submitted ones), newest first, with their latest summary state.</summary>
    public async Task<IReadOnlyList<SummaryListItem>> ListAsync(AuditActor clinician, int take = 200, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clinician);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from c in db.Consultations.AsNoTracking()
                          where c.SubmittedAt != null
                          join u in db.Users on c.PatientId equals u.Id
                          orderby c.SubmittedAt descending
                          select new
                          {
                              c.Id,
                              u.DisplayName,
                              c.ChiefComplaint,
                              c.SubmittedAt,
                              c.Status,
                              Latest = db.Summaries.Where(s => s.ConsultationId == c.Id).OrderByDescending(s => s.Version).Select(s => new { s.Version, s.Status }).FirstOrDefault(),
                          })
            .Take(Math.Clamp(take, 1, 1000)).ToListAsync(cancellationToken);
        await audit.AppendAsync(db, clinician, "summary_list.view", "summary_list", "submitted", cancellationToken);
        return rows.Select(r => new SummaryListItem(r.Id, r.DisplayName, r.ChiefComplaint, r.SubmittedAt!.Value, r.Status, r.Latest?.Version, r.Latest?.Status)).ToList();
    }

    /// <summary>Loads everything stored about a consultation for drafting and printing.</summary>
    /// <returns>The record, or null when the consultation does not exist.</returns>
    public async Task<SummaryRecord?> LoadRecordAsync(Guid consultationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var consultation = await db.Consultations.AsNoTracking().AsSplitQuery().Include(c => c.Messages.OrderBy(m => m.Sequence))
            .FirstOrDefaultAsync(c => c.Id == consultationId, cancellationToken);
        if (consultation is null)
        {
            return null;
        }
        var patient = await db.Users.AsNoTracking().Where(u => u.Id == consultation.PatientId).Select(u => new { u.DisplayName, u.DateOfBirth }).FirstAsync(cancellationToken);
        var assessment = await db.Assessments.AsNoTracking().Include(a => a.Decision).FirstOrDefaultAsync(a => a.ConsultationId == consultationId, cancellationToken);
        var nurseName = assessment?.Decision is { } d
            ? await db.Users.Where(u => u.Id == d.NurseId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken)
            : null;
        return new SummaryRecord(consultation.PatientId, patient.DisplayName, patient.DateOfBirth, consultation, assessment,
            CaseFacts.FromJson(assessment?.ExtractedJson), FiredRuleRecord.ListFromJson(assessment?.FiredRulesJson), assessment?.Decision, nurseName);
    }

    /// <summary>All versions of a consultation's summary, newest first. Audited as a view.</summary>
    public async Task<IReadOnlyList<ClinicalSummary>> VersionsAsync(AuditActor clinician, Guid consultationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clinician);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var versions = await db.Summaries.AsNoTracking().Where(s => s.ConsultationId == consultationId).OrderByDescending(s => s.Version).ToListAsync(cancellationToken);
        await audit.AppendAsync(db, clinician, "summary.view", "consultation", consultationId.ToString(), cancellationToken);
        return versions;
    }

    /// <summary>One version by id, or null. Audited with <paramref name="action"/> (view, print, export).</summary>
    public async Task<ClinicalSummary?> GetAsync(AuditActor clinician, Guid summaryId, string action = "summary.view", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clinician);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var summary = await db.Summaries.AsNoTracking().FirstOrDefaultAsync(s => s.Id == summaryId, cancellationToken);
        if (summary is not null)
        {
            await audit.AppendAsync(db, clinician, action, "summary", summaryId.ToString(), cancellationToken);
        }
        return summary;
    }

    /// <summary>
    /// Drafts version 1 of a consultation's summary with <paramref name="drafter"/>. When another clinician drafted it
    /// first, theirs is returned and nothing is overwritten.
    /// </summary>
    /// <exception cref="SummaryException">The consultation does not exist.</exception>
    public async Task<ClinicalSummary> DraftAsync(AuditActor clinician, Guid consultationId, ISummaryDrafter drafter, IProgress<DraftProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clinician);
        ArgumentNullException.ThrowIfNull(drafter);
        var record = await LoadRecordAsync(consultationId, cancellationToken) ?? throw new SummaryException("This consultation does not exist.");
        var sections = await drafter.DraftAsync(record, progress, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var summary = new ClinicalSummary
        {
            ConsultationId = consultationId,
            PatientId = record.PatientId,
            Version = 1,
            Drafter = drafter.Name,
            CreatedAt = now,
            UpdatedAt = now,
            CreatedBy = clinician.UserId,
            Sections = sections,
        };
        db.Summaries.Add(summary);
        try
        {
            await audit.AppendAsync(db, clinician, "summary.draft", "summary", summary.Id.ToString(), cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            await using var again = await contexts.CreateDbContextAsync(cancellationToken);
            return await again.Summaries.AsNoTracking().Where(s => s.ConsultationId == consultationId).OrderByDescending(s => s.Version).FirstAsync(cancellationToken);
        }
        return summary;
    }

    /// <summary>
    /// Saves a clinician's edit of one section. A draft is changed in place; a signed version stays as it was and the
    /// edit becomes a new draft version.
    /// </summary>
    /// <returns>The version that now holds the edit.</returns>
    /// <exception cref="SummaryException">The text is too long or the section unknown.</exception>
    /// <exception cref="SummaryConflictException">Someone changed or signed it since it was read, or a newer version exists.</exception>
    public async Task<ClinicalSummary> EditAsync(AuditActor clinician, Guid summaryId, int expectedRowVersion, string sectionKey, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clinician);
        // Kept as typed, except what PostgreSQL (here jsonb) cannot hold: NUL and unpaired surrogates.
        text = StorableText.Clean((text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim());
        if (text.Length > MaxSectionLength)
        {
            throw new SummaryException($"This section is {text.Length:N0} characters; the limit is {MaxSectionLength:N0}.");
        }
        if (SummarySections.All.All(s => s.Key != sectionKey))
        {
            throw new SummaryException("There is no such section.");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var summary = await db.Summaries.FirstOrDefaultAsync(s => s.Id == summaryId, cancellationToken) ?? throw new SummaryConflictException("This summary no longer exists.");
        if (summary.RowVersion != expectedRowVersion)
        {
            throw new SummaryConflictException("Another clinician changed this summary since you opened it. It has been reloaded; make your edit again.");
        }
        var latest = await db.Summaries.Where(s => s.ConsultationId == summary.ConsultationId).MaxAsync(s => s.Version, cancellationToken);
        if (latest != summary.Version)
        {
            throw new SummaryConflictException($"Version {latest} is newer than this one; edit the newest version.");
        }
        var now = clock.GetUtcNow();
        var sections = summary.Sections.Select(s => s.Key == sectionKey ? s with { Text = text, Source = SummarySection.EditedByClinician, EditedBy = clinician.UserId, EditedAt = now } : s).ToList();
        ClinicalSummary target;
        if (summary.Status == SummaryStatus.Signed)
        {
            target = new ClinicalSummary
            {
                ConsultationId = summary.ConsultationId,
                PatientId = summary.PatientId,
                Version = summary.Version + 1,
                Drafter = summary.Drafter,
                CreatedAt = now,
                UpdatedAt = now,
                CreatedBy = clinician.UserId,
                Sections = sections,
            };
            db.Summaries.Add(target);
        }
        else
        {
            target = summary;
            target.Sections = sections;
            target.UpdatedAt = now;
            target.RowVersion++;
        }
        await SaveAsync(db, clinician, "summary.edit", target, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return target;
    }

    /// <summary>Signs a draft: stamps the clinician and the time and locks the version.</summary>
    /// <exception cref="SummaryConflictException">Another clinician signed or changed it first; the message says so.</exception>
    public async Task<ClinicalSummary> SignAsync(AuditActor clinician, string clinicianName, Guid summaryId, int expectedRowVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clinician);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var summary = await db.Summaries.FirstOrDefaultAsync(s => s.Id == summaryId, cancellationToken) ?? throw new SummaryConflictException("This summary no longer exists.");
        if (summary.Status == SummaryStatus.Signed)
        {
            throw new SummaryConflictException($"Already signed by {summary.SignedByName} on {clinicTime.Format(summary.SignedAt!.Value)}.");
        }
        if (summary.RowVersion != expectedRowVersion)
        {
            throw new SummaryConflictException("Another clinician changed this summary since you opened it. It has been reloaded; read it again before signing.");
        }
        summary.Status = SummaryStatus.Signed;
        summary.SignedAt = clock.GetUtcNow();
        summary.SignedBy = clinician.UserId;
        summary.SignedByName = clinicianName;
        summary.RowVersion++;
        await SaveAsync(db, clinician, "summary.sign", summary, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return summary;
    }

    /// <summary>Records a print or an export of a version.</summary>
    public Task AuditAsync(AuditActor clinician, string action, Guid summaryId, CancellationToken cancellationToken = default) =>
        audit.WriteAsync(clinician, action, "summary", summaryId.ToString(), cancellationToken);

    private async Task SaveAsync(MedPortalDb db, AuditActor clinician, string action, ClinicalSummary summary, CancellationToken cancellationToken)
    {
        try
        {
            await audit.AppendAsync(db, clinician, action, "summary", summary.Id.ToString(), cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new SummaryConflictException("Another clinician signed or changed this summary at the same moment. It has been reloaded.");
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            throw new SummaryConflictException("Another clinician created a newer version at the same moment. It has been reloaded.");
        }
    }
}

/// <summary>One consultation in the clinician's list.</summary>
public sealed record SummaryListItem(Guid ConsultationId, string PatientName, string? ChiefComplaint, DateTimeOffset SubmittedAt, ConsultationStatus Status, int? LatestVersion, SummaryStatus? LatestStatus);

/// <summary>A clinician's request was invalid; nothing was saved.</summary>
public sealed class SummaryException(string message) : Exception(message);

/// <summary>Someone else acted first; the message says what happened.</summary>
public sealed class SummaryConflictException(string message) : Exception(message);
