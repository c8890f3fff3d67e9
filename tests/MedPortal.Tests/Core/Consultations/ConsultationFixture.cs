using MedPortal.Core.Audit;
using MedPortal.Core.Consultations;
using MedPortal.Core.Consultations.Chat;
using MedPortal.Core.Consultations.Dashboard;
using MedPortal.Core.Consultations.NurseQueue;
using MedPortal.Core.Consultations.Screening;
using MedPortal.Core.Data;
using MedPortal.Core.Identity;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MedPortal.Core.Notifications;

namespace MedPortal.Tests.Core.Consultations;

/// <summary>A migrated database with the consultation services wired to it, and a patient to act as.</summary>
public sealed class ConsultationFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public IDbContextFactory<MedPortalDb> Contexts { get; private set; } = null!;

    public ConsultationConversation Conversation { get; private set; } = null!;

    public ConsultationAssistant Assistant { get; private set; } = null!;

    public AssistantReplyWriter ReplyWriter { get; private set; } = null!;

    public NurseReview Nurses { get; private set; } = null!;

    public AuditLog Audit { get; private set; } = null!;

    public EmailOutbox Outbox { get; } = new(TimeProvider.System);

    /// <summary>The nurse side with these email settings (the fixture's own has email off).</summary>
    public NurseReview NewNurseReview(EmailOptions email) => new(Contexts, Audit, Outbox, Options.Create(email), TimeProvider.System);

    /// <summary>Escalation over this database with these settings; each call is like another app instance.</summary>
    public ReviewEscalation NewEscalation(EmailOptions email, EscalationOptions? escalation = null) =>
        new(Contexts, Audit, Outbox, Options.Create(email), Options.Create(escalation ?? new EscalationOptions()), TimeProvider.System);

    public AgreementStatistics Agreement { get; private set; } = null!;

    public MedPortal.Core.Summaries.SummaryService Summaries { get; private set; } = null!;

    public PeopleDirectory People { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        await Database.MigrateAsync();
        Contexts = new PooledDbContextFactory<MedPortalDb>(new DbContextOptionsBuilder<MedPortalDb>().UseNpgsql(Database.ConnectionString).Options);
        var audit = new AuditLog(Contexts, TimeProvider.System, TestAuditKey.Key);
        Conversation = new ConsultationConversation(Contexts, audit, TimeProvider.System);
        Assistant = new ConsultationAssistant(Conversation, new ConversationScreener(), Contexts, audit, TimeProvider.System);
        Audit = audit;
        Nurses = NewNurseReview(new EmailOptions());
        Agreement = new AgreementStatistics(Contexts, audit);
        Summaries = new MedPortal.Core.Summaries.SummaryService(Contexts, audit, TimeProvider.System, TestClinic.Time);
        People = new PeopleDirectory(Contexts, audit);
        ReplyWriter = new AssistantReplyWriter(Conversation, TimeProvider.System, NullLogger<AssistantReplyWriter>.Instance);
    }

    /// <summary>The chat turn over this database, with <paramref name="model"/> as the ready model (null: protocol only).</summary>
    public AnswerPatient NewAnswer(Microsoft.Extensions.AI.IChatClient? model = null) =>
        new(Conversation, Assistant, ReplyWriter, new ActiveReplies(), new FixedModel(model), People, NullLogger<AnswerPatient>.Instance);

    private sealed class FixedModel(Microsoft.Extensions.AI.IChatClient? model) : IAssistantModelSource
    {
        public Microsoft.Extensions.AI.IChatClient? ReadyModel => model;
    }

    public async Task<AuditActor> NewPatientAsync(DateOnly? dateOfBirth = null, string? email = null, string displayName = "Test")
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var user = new MedPortalUser { UserName = email ?? $"{Guid.NewGuid():N}@example.org", Email = email, DisplayName = displayName, DateOfBirth = dateOfBirth };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return new AuditActor(user.Id, Roles.Patient, "127.0.0.1");
    }

    /// <summary>A user with a name and a role (the role row is made when missing).</summary>
    public async Task<AuditActor> NewUserAsync(string displayName, string role)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        var roleId = await db.Roles.Where(r => r.Name == role).Select(r => r.Id).FirstOrDefaultAsync();
        if (roleId is null)
        {
            var created = new Microsoft.AspNetCore.Identity.IdentityRole(role) { NormalizedName = role.ToUpperInvariant() };
            db.Roles.Add(created);
            roleId = created.Id;
        }
        var user = new MedPortalUser { UserName = $"{Guid.NewGuid():N}@example.org", DisplayName = displayName };
        db.Users.Add(user);
        db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<string> { UserId = user.Id, RoleId = roleId });
        await db.SaveChangesAsync();
        return new AuditActor(user.Id, role, "127.0.0.1");
    }

    public static AuditActor NewNurse() => new(Guid.NewGuid().ToString(), Roles.Nurse, "127.0.0.1");

    /// <summary>A patient who said <paramref name="text"/> and sent it to the nurse queue.</summary>
    public async Task<PreliminaryAssessment> SubmittedCaseAsync(string text, AuditActor? by = null)
    {
        var patient = by ?? await NewPatientAsync();
        var consultation = await Assistant.StartAsync(patient);
        await Assistant.AcceptAsync(patient, consultation.Id, Guid.NewGuid(), text);
        return await Assistant.SubmitAsync(patient, consultation.Id, model: null);
    }

    public async Task<List<ConsultationMessage>> MessagesAsync(Guid consultationId)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return await db.Messages.AsNoTracking().Where(m => m.ConsultationId == consultationId).OrderBy(m => m.Sequence).ToListAsync();
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();
}
