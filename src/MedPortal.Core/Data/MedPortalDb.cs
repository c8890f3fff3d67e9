using MedPortal.Core.Audit;
using MedPortal.Core.Consultations;
using MedPortal.Core.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Core.Data;

/// <summary>The system of record. Use through <see cref="IDbContextFactory{TContext}"/>: one context per operation.</summary>
public sealed class MedPortalDb(DbContextOptions<MedPortalDb> options) : IdentityDbContext<MedPortalUser>(options)
{
    /// <summary>Every patient's consultations.</summary>
    public DbSet<Consultation> Consultations => Set<Consultation>();

    /// <summary>The append-only, hash-chained audit log.</summary>
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();

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
            consultation.HasIndex(c => c.PatientId);
            consultation.HasOne<MedPortalUser>().WithMany().HasForeignKey(c => c.PatientId).OnDelete(DeleteBehavior.Restrict);
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
            audit.HasIndex(e => e.OccurredAt);
            audit.HasIndex(e => new { e.ResourceType, e.ResourceId });
            audit.HasIndex(e => e.ActorId);
        });
    }
}
