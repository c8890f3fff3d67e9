using MedPortal.Core.Audit;
using MedPortal.Core.Consultations;
using MedPortal.Core.Consultations.NurseQueue;
using MedPortal.Core.Documents;
using MedPortal.Core.Identity;
using MedPortal.Core.Notifications;
using MedPortal.Core.Summaries;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Core.Data;

/// <summary>The system of record. Use through <see cref="IDbContextFactory{TContext}"/>: one context per operation.</summary>
public sealed class MedPortalDb(DbContextOptions<MedPortalDb> options) : IdentityDbContext<MedPortalUser>(options), IDataProtectionKeyContext
{
    /// <summary>ASP.NET Core data-protection keys (cookie and antiforgery encryption), shared by every instance.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Every patient's consultations.</summary>
    public DbSet<Consultation> Consultations => Set<Consultation>();

    /// <summary>Messages of every consultation.</summary>
    public DbSet<ConsultationMessage> Messages => Set<ConsultationMessage>();

    /// <summary>Preliminary assessments (the nurse triage queue).</summary>
    public DbSet<PreliminaryAssessment> Assessments => Set<PreliminaryAssessment>();

    /// <summary>Nurses' decisions.</summary>
    public DbSet<NurseDecision> Decisions => Set<NurseDecision>();

    /// <summary>Clinician summaries, one row per version.</summary>
    public DbSet<ClinicalSummary> Summaries => Set<ClinicalSummary>();

    /// <summary>Emails waiting to be sent, and those sent or given up (no health information in any of them).</summary>
    public DbSet<QueuedEmail> QueuedEmails => Set<QueuedEmail>();

    /// <summary>Escalations of cases waiting past their review target.</summary>
    public DbSet<ReviewAlert> ReviewAlerts => Set<ReviewAlert>();

    /// <summary>Uploaded documents (metadata only).</summary>
    public DbSet<StoredDocument> Documents => Set<StoredDocument>();

    /// <summary>The bytes of uploaded documents.</summary>
    public DbSet<DocumentContent> DocumentContents => Set<DocumentContent>();

    /// <summary>Text passages extracted from documents, with their provenance.</summary>
    public DbSet<DocumentPassage> DocumentPassages => Set<DocumentPassage>();

    /// <summary>Background jobs over documents (text extraction).</summary>
    public DbSet<MedPortal.Core.Documents.Jobs.DocumentJob> DocumentJobs => Set<MedPortal.Core.Documents.Jobs.DocumentJob>();

    /// <summary>The append-only, hash-chained audit log.</summary>
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

    /// <summary>The sealed chain over the audit events.</summary>
    public DbSet<AuditSeal> AuditSeals => Set<AuditSeal>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<MedPortalUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(200);
        });
        builder.Entity<Consultation>(consultation =>
        {
            consultation.ToTable("consultations");
            consultation.HasKey(c => c.Id);
            consultation.Property(c => c.Id).HasColumnName("id");
            consultation.Property(c => c.PatientId).HasColumnName("patient_id").IsRequired();
            consultation.Property(c => c.StartedAt).HasColumnName("started_at");
            consultation.Property(c => c.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(32);
            consultation.Property(c => c.ChiefComplaint).HasColumnName("chief_complaint").HasMaxLength(500);
            consultation.Property(c => c.RuleAcuity).HasColumnName("rule_acuity");
            consultation.Property(c => c.EmergencyShownAt).HasColumnName("emergency_shown_at");
            consultation.Property(c => c.AssistantEngine).HasColumnName("assistant_engine").HasMaxLength(200);
            consultation.Property(c => c.SubmittedAt).HasColumnName("submitted_at");
            consultation.HasMany(c => c.Messages).WithOne().HasForeignKey(m => m.ConsultationId).OnDelete(DeleteBehavior.Cascade);
            consultation.HasIndex(c => c.PatientId);
            consultation.HasOne<MedPortalUser>().WithMany().HasForeignKey(c => c.PatientId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<ConsultationMessage>(message =>
        {
            message.ToTable("consultation_messages");
            message.HasKey(m => m.Id);
            message.Property(m => m.Id).HasColumnName("id");
            message.Property(m => m.ConsultationId).HasColumnName("consultation_id");
            message.Property(m => m.Sequence).HasColumnName("seq");
            message.Property(m => m.Author).HasColumnName("author").HasConversion<string>().HasMaxLength(16);
            message.Property(m => m.Content).HasColumnName("content");
            message.Property(m => m.CreatedAt).HasColumnName("created_at");
            message.Property(m => m.State).HasColumnName("state").HasConversion<string>().HasMaxLength(16);
            message.Property(m => m.ClientMessageId).HasColumnName("client_message_id");
            message.Property(m => m.Slot).HasColumnName("slot").HasMaxLength(100);
            message.Property(m => m.AuthorId).HasColumnName("author_id");
            message.HasIndex(m => new { m.ConsultationId, m.Sequence }).IsUnique();
            message.HasIndex(m => new { m.ConsultationId, m.ClientMessageId }).IsUnique();
        });
        builder.Entity<PreliminaryAssessment>(assessment =>
        {
            assessment.ToTable("triage_assessments");
            assessment.HasKey(a => a.Id);
            assessment.Property(a => a.Id).HasColumnName("id");
            assessment.Property(a => a.ConsultationId).HasColumnName("consultation_id");
            assessment.Property(a => a.PatientId).HasColumnName("patient_id");
            assessment.Property(a => a.CreatedAt).HasColumnName("created_at");
            assessment.Property(a => a.AiAcuity).HasColumnName("ai_acuity");
            assessment.Property(a => a.RuleAcuity).HasColumnName("rule_acuity");
            assessment.Property(a => a.ModelAcuity).HasColumnName("model_acuity");
            assessment.Property(a => a.IsCrisis).HasColumnName("is_crisis");
            assessment.Property(a => a.FiredRulesJson).HasColumnName("fired_rules").HasColumnType("jsonb");
            assessment.Property(a => a.ExtractedJson).HasColumnName("extracted").HasColumnType("jsonb");
            assessment.Property(a => a.Recap).HasColumnName("recap");
            assessment.Property(a => a.Rationale).HasColumnName("rationale");
            assessment.Property(a => a.Provenance).HasColumnName("provenance").HasMaxLength(300);
            assessment.Property(a => a.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
            assessment.Property(a => a.ClaimedBy).HasColumnName("claimed_by");
            assessment.Property(a => a.ClaimedAt).HasColumnName("claimed_at");
            assessment.Property(a => a.Version).HasColumnName("version").IsConcurrencyToken();
            assessment.HasIndex(a => a.ConsultationId).IsUnique();
            assessment.HasIndex(a => new { a.Status, a.AiAcuity, a.CreatedAt });
            assessment.HasIndex(a => a.PatientId);
            assessment.HasOne<Consultation>().WithOne().HasForeignKey<PreliminaryAssessment>(a => a.ConsultationId).OnDelete(DeleteBehavior.Cascade);
            assessment.HasOne(a => a.Decision).WithOne().HasForeignKey<NurseDecision>(d => d.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<ClinicalSummary>(summary =>
        {
            summary.ToTable("clinical_summaries");
            summary.HasKey(s => s.Id);
            summary.Property(s => s.Id).HasColumnName("id");
            summary.Property(s => s.ConsultationId).HasColumnName("consultation_id");
            summary.Property(s => s.PatientId).HasColumnName("patient_id").IsRequired();
            summary.Property(s => s.Version).HasColumnName("version");
            summary.Property(s => s.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(16);
            summary.Property(s => s.SectionsJson).HasColumnName("sections").HasColumnType("jsonb");
            summary.Property(s => s.Drafter).HasColumnName("drafter").HasMaxLength(300);
            summary.Property(s => s.CreatedAt).HasColumnName("created_at");
            summary.Property(s => s.CreatedBy).HasColumnName("created_by").IsRequired();
            summary.Property(s => s.UpdatedAt).HasColumnName("updated_at");
            summary.Property(s => s.SignedAt).HasColumnName("signed_at");
            summary.Property(s => s.SignedBy).HasColumnName("signed_by");
            summary.Property(s => s.SignedByName).HasColumnName("signed_by_name").HasMaxLength(200);
            summary.Property(s => s.RowVersion).HasColumnName("row_version").IsConcurrencyToken();
            summary.Ignore(s => s.Sections);
            summary.HasIndex(s => new { s.ConsultationId, s.Version }).IsUnique();
            summary.HasOne<Consultation>().WithMany().HasForeignKey(s => s.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<NurseDecision>(decision =>
        {
            decision.ToTable("nurse_decisions");
            decision.HasKey(d => d.Id);
            decision.Property(d => d.Id).HasColumnName("id");
            decision.Property(d => d.AssessmentId).HasColumnName("assessment_id");
            decision.Property(d => d.NurseId).HasColumnName("nurse_id");
            decision.Property(d => d.DecidedAt).HasColumnName("decided_at");
            decision.Property(d => d.AiAcuity).HasColumnName("ai_acuity");
            decision.Property(d => d.FinalAcuity).HasColumnName("final_acuity");
            decision.Property(d => d.Overridden).HasColumnName("overridden");
            decision.Property(d => d.OverrideReason).HasColumnName("override_reason").HasMaxLength(2000);
            decision.Property(d => d.Disposition).HasColumnName("disposition").HasConversion<string>().HasMaxLength(40);
            decision.Property(d => d.MessageToPatient).HasColumnName("message_to_patient").HasMaxLength(4000);
            decision.HasIndex(d => d.AssessmentId).IsUnique();
            decision.HasIndex(d => d.NurseId);
        });
        builder.Entity<QueuedEmail>(email =>
        {
            email.ToTable("email_outbox");
            email.HasKey(e => e.Id);
            email.Property(e => e.Id).HasColumnName("id");
            email.Property(e => e.ToAddress).HasColumnName("to_address").HasMaxLength(320);
            email.Property(e => e.Kind).HasColumnName("kind").HasMaxLength(64);
            email.Property(e => e.Subject).HasColumnName("subject").HasMaxLength(200);
            email.Property(e => e.Body).HasColumnName("body");
            email.Property(e => e.State).HasColumnName("state").HasConversion<string>().HasMaxLength(16);
            email.Property(e => e.CreatedAt).HasColumnName("created_at");
            email.Property(e => e.NextAttemptAt).HasColumnName("next_attempt_at");
            email.Property(e => e.Attempts).HasColumnName("attempts");
            email.Property(e => e.SentAt).HasColumnName("sent_at");
            email.Property(e => e.LastError).HasColumnName("last_error").HasMaxLength(400);
            email.HasIndex(e => e.NextAttemptAt).HasDatabaseName("IX_email_outbox_due").HasFilter("state = 'Pending'");
        });
        builder.Entity<ReviewAlert>(alert =>
        {
            alert.ToTable("review_alerts");
            alert.HasKey(a => a.Id);
            alert.Property(a => a.Id).HasColumnName("id");
            alert.Property(a => a.AssessmentId).HasColumnName("assessment_id");
            alert.Property(a => a.ConsultationId).HasColumnName("consultation_id");
            alert.Property(a => a.Acuity).HasColumnName("acuity");
            alert.Property(a => a.IsCrisis).HasColumnName("is_crisis");
            alert.Property(a => a.Reason).HasColumnName("reason").HasConversion<string>().HasMaxLength(32);
            alert.Property(a => a.CaseCreatedAt).HasColumnName("case_created_at");
            alert.Property(a => a.RaisedAt).HasColumnName("raised_at");
            alert.Property(a => a.AcknowledgedBy).HasColumnName("acknowledged_by");
            alert.Property(a => a.AcknowledgedAt).HasColumnName("acknowledged_at");
            alert.HasIndex(a => a.AssessmentId).IsUnique();
            alert.HasOne<PreliminaryAssessment>().WithMany().HasForeignKey(a => a.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        });
        MapDocuments(builder);
        builder.Entity<DataProtectionKey>(key =>
        {
            key.ToTable("data_protection_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasColumnName("id");
            key.Property(k => k.FriendlyName).HasColumnName("friendly_name");
            key.Property(k => k.Xml).HasColumnName("xml");
        });
        builder.Entity<AuditEvent>(audit =>
        {
            audit.ToTable("audit_events");
            audit.HasKey(e => e.Sequence);
            audit.Property(e => e.Sequence).HasColumnName("seq").ValueGeneratedNever();
            audit.Property(e => e.OccurredAt).HasColumnName("occurred_at");
            audit.Property(e => e.ActorId).HasColumnName("actor_id").HasMaxLength(64);
            audit.Property(e => e.ActorRole).HasColumnName("actor_role").HasMaxLength(32);
            audit.Property(e => e.Action).HasColumnName("action").HasMaxLength(64);
            audit.Property(e => e.ResourceType).HasColumnName("resource_type").HasMaxLength(64);
            audit.Property(e => e.ResourceId).HasColumnName("resource_id").HasMaxLength(64);
            audit.Property(e => e.ClientAddress).HasColumnName("client_address").HasMaxLength(64);
            audit.Property(e => e.PreviousHash).HasColumnName("prev_hash").HasMaxLength(64).IsFixedLength();
            audit.Property(e => e.Hash).HasColumnName("hash").HasMaxLength(64).IsFixedLength();
            audit.Property(e => e.Hmac).HasColumnName("hmac").HasMaxLength(64).IsFixedLength();
            audit.Property(e => e.TransactionId).HasColumnName("xid").ValueGeneratedOnAdd();
            audit.HasIndex(e => e.TransactionId);
            audit.HasIndex(e => e.OccurredAt);
            audit.HasIndex(e => new { e.ResourceType, e.ResourceId });
            audit.HasIndex(e => e.ActorId);
        });
        builder.Entity<AuditSeal>(seal =>
        {
            seal.ToTable("audit_seals");
            seal.HasKey(s => s.Position);
            seal.Property(s => s.Position).HasColumnName("position").ValueGeneratedNever();
            seal.Property(s => s.EventSequence).HasColumnName("event_seq");
            seal.Property(s => s.Horizon).HasColumnName("horizon");
            seal.Property(s => s.SealedAt).HasColumnName("sealed_at");
            seal.Property(s => s.Chain).HasColumnName("chain").HasMaxLength(64).IsFixedLength();
            seal.HasIndex(s => s.EventSequence).IsUnique();
        });
    }

    private static void MapDocuments(ModelBuilder builder)
    {
        builder.Entity<StoredDocument>(document =>
        {
            document.ToTable("documents");
            document.HasKey(d => d.Id);
            document.Property(d => d.Id).HasColumnName("id");
            document.Property(d => d.ConsultationId).HasColumnName("consultation_id");
            document.Property(d => d.PatientId).HasColumnName("patient_id").IsRequired();
            document.Property(d => d.UploadedBy).HasColumnName("uploaded_by").IsRequired();
            document.Property(d => d.UploadedByRole).HasColumnName("uploaded_by_role").HasMaxLength(32);
            document.Property(d => d.UploadedAt).HasColumnName("uploaded_at");
            document.Property(d => d.FileName).HasColumnName("file_name").HasMaxLength(255);
            document.Property(d => d.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(16);
            document.Property(d => d.SizeBytes).HasColumnName("size_bytes");
            document.Property(d => d.Sha256).HasColumnName("sha256").HasMaxLength(64).IsFixedLength();
            document.Property(d => d.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(32);
            document.Property(d => d.StatusDetail).HasColumnName("status_detail").HasMaxLength(1000);
            document.Property(d => d.PageCount).HasColumnName("page_count");
            document.HasIndex(d => new { d.ConsultationId, d.Sha256 }).IsUnique();
            document.HasIndex(d => d.PatientId);
            document.HasOne<Consultation>().WithMany().HasForeignKey(d => d.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<DocumentContent>(content =>
        {
            content.ToTable("document_contents");
            content.HasKey(c => c.DocumentId);
            content.Property(c => c.DocumentId).HasColumnName("document_id");
            content.Property(c => c.Bytes).HasColumnName("bytes");
            content.HasOne<StoredDocument>().WithOne().HasForeignKey<DocumentContent>(c => c.DocumentId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<DocumentPassage>(passage =>
        {
            passage.ToTable("document_passages");
            passage.HasKey(p => new { p.DocumentId, p.Sequence });
            passage.Property(p => p.DocumentId).HasColumnName("document_id");
            passage.Property(p => p.Sequence).HasColumnName("seq");
            passage.Property(p => p.Page).HasColumnName("page");
            passage.Property(p => p.Paragraph).HasColumnName("paragraph");
            passage.Property(p => p.StartOffset).HasColumnName("start_offset");
            passage.Property(p => p.EndOffset).HasColumnName("end_offset");
            passage.Property(p => p.Text).HasColumnName("text");
            passage.HasOne<StoredDocument>().WithMany().HasForeignKey(p => p.DocumentId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<MedPortal.Core.Documents.Jobs.DocumentJob>(job =>
        {
            job.ToTable("document_jobs");
            job.HasKey(j => j.Id);
            job.Property(j => j.Id).HasColumnName("id");
            job.Property(j => j.DocumentId).HasColumnName("document_id");
            job.Property(j => j.ConsultationId).HasColumnName("consultation_id");
            job.Property(j => j.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(32);
            job.Property(j => j.State).HasColumnName("state").HasConversion<string>().HasMaxLength(16);
            job.Property(j => j.Progress).HasColumnName("progress");
            job.Property(j => j.Stage).HasColumnName("stage").HasMaxLength(80);
            job.Property(j => j.Attempts).HasColumnName("attempts");
            job.Property(j => j.ErrorReason).HasColumnName("error_reason").HasMaxLength(400);
            job.Property(j => j.CancelRequested).HasColumnName("cancel_requested");
            job.Property(j => j.CreatedAt).HasColumnName("created_at");
            job.Property(j => j.QueuedAt).HasColumnName("queued_at");
            job.Property(j => j.StartedAt).HasColumnName("started_at");
            job.Property(j => j.FinishedAt).HasColumnName("finished_at");
            job.Property(j => j.LeaseOwner).HasColumnName("lease_owner").HasMaxLength(100);
            job.Property(j => j.LeaseExpiresAt).HasColumnName("lease_expires_at");
            job.Property(j => j.HeartbeatAt).HasColumnName("heartbeat_at");
            job.HasIndex(j => j.DocumentId);
            job.HasIndex(j => j.ConsultationId);
            job.HasOne<StoredDocument>().WithMany().HasForeignKey(j => j.DocumentId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
