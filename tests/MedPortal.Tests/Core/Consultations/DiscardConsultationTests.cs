using MedPortal.Core.Audit;
using MedPortal.Core.Consultations;
using MedPortal.Core.Consultations.Chat;
using MedPortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Tests.Core.Consultations;

/// <summary>An abandoned start (only the greeting) can be discarded by its patient; anything they wrote stays.</summary>
public sealed class DiscardConsultationTests(ConsultationFixture fixture) : IClassFixture<ConsultationFixture>
{
    [Fact]
    public async Task Discard_OnlyTheGreeting_DeletedWithItsMessagesAndAudited()
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);
        Assert.NotEmpty(await fixture.MessagesAsync(consultation.Id));

        await fixture.Conversation.DiscardAsync(patient, consultation.Id);

        await using var db = await fixture.Contexts.CreateDbContextAsync();
        Assert.False(await db.Consultations.AnyAsync(c => c.Id == consultation.Id));
        Assert.Empty(await fixture.MessagesAsync(consultation.Id));
        var discard = await db.AuditEvents.SingleAsync(e => e.ResourceId == consultation.Id.ToString() && e.Action == "consultation.discard");
        Assert.Equal(patient.UserId, discard.ActorId);
    }

    [Fact]
    public async Task Discard_PatientHasWritten_RefusedAndKept()
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);
        await fixture.Conversation.AppendPatientMessageAsync(patient, consultation.Id, Guid.NewGuid(), "My knee hurts");

        var refused = await Assert.ThrowsAsync<ChatInputException>(() => fixture.Conversation.DiscardAsync(patient, consultation.Id));

        Assert.Contains("not written in yet", refused.Message, StringComparison.Ordinal);
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        Assert.True(await db.Consultations.AnyAsync(c => c.Id == consultation.Id));
        Assert.False(await db.AuditEvents.AnyAsync(e => e.ResourceId == consultation.Id.ToString() && e.Action == "consultation.discard"));
    }

    [Fact]
    public async Task Discard_AnotherPatientsOrStaff_RefusedAsNotFoundAndKept()
    {
        var owner = await fixture.NewPatientAsync();
        var other = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(owner);

        var byOther = await Assert.ThrowsAsync<ChatInputException>(() => fixture.Conversation.DiscardAsync(other, consultation.Id));
        await Assert.ThrowsAsync<ChatInputException>(() => fixture.Conversation.DiscardAsync(new AuditActor(owner.UserId, Roles.Nurse, null), consultation.Id));

        Assert.Equal(ConsultationConversation.NotFound, byOther.Message);
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        Assert.True(await db.Consultations.AnyAsync(c => c.Id == consultation.Id));
    }

    [Fact]
    public async Task ListOwnReviewed_EmptyAndWrittenConsultations_OnlyEmptyMarked()
    {
        var patient = await fixture.NewPatientAsync();
        var empty = await fixture.Assistant.StartAsync(patient);
        var written = await fixture.Assistant.StartAsync(patient);
        await fixture.Conversation.AppendPatientMessageAsync(patient, written.Id, Guid.NewGuid(), "I have a headache");
        var reader = new ConsultationReader(fixture.Contexts, fixture.Audit);

        var list = await reader.ListOwnReviewedAsync(patient);

        Assert.True(list.Single(o => o.Consultation.Id == empty.Id).Empty);
        Assert.False(list.Single(o => o.Consultation.Id == written.Id).Empty);
    }
}
