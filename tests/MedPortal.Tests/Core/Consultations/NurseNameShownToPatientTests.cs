using MedPortal.Core.Audit;
using MedPortal.Core.Consultations;
using MedPortal.Core.Consultations.NurseQueue;
using MedPortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Tests.Core.Consultations;

/// <summary>The patient learns which nurse reviewed their consultation: by name, never by id, and "a nurse" once the account is gone.</summary>
public sealed class NurseNameShownToPatientTests(ConsultationFixture fixture) : IClassFixture<ConsultationFixture>
{
    private Task<AuditActor> NamedNurseAsync(string name) => fixture.NewUserAsync(name, Roles.Nurse);

    private async Task<(AuditActor Patient, PreliminaryAssessment Assessment)> DecidedAsync(AuditActor nurse)
    {
        var patient = await fixture.NewPatientAsync();
        var assessment = await fixture.SubmittedCaseAsync("I have had a sore throat for two days", patient);
        var version = await fixture.Nurses.ClaimAsync(nurse, assessment.Id, assessment.Version);
        await fixture.Nurses.DecideAsync(nurse, new DecisionInput(assessment.Id, version, assessment.AiAcuity, null, DispositionText.For(assessment.AiAcuity), "Rest and fluids."));
        return (patient, assessment);
    }

    [Fact]
    public async Task ListOwnReviewed_DecidedConsultation_NurseNameDispositionAndTime()
    {
        var nurse = await NamedNurseAsync("Nina Okafor");
        var (patient, assessment) = await DecidedAsync(nurse);
        var undecided = await fixture.SubmittedCaseAsync("my knee has been sore for a week", patient);
        var reader = new ConsultationReader(fixture.Contexts, fixture.Audit);

        var list = await reader.ListOwnReviewedAsync(patient);

        var reviewed = Assert.Single(list, o => o.Consultation.Id == assessment.ConsultationId);
        Assert.Equal("Nina Okafor", reviewed.Review!.NurseName);
        Assert.Equal(DispositionText.For(assessment.AiAcuity), reviewed.Review.Disposition);
        Assert.Null(Assert.Single(list, o => o.Consultation.Id == undecided.ConsultationId).Review);
    }

    [Fact]
    public async Task ListOwnReviewed_NurseAccountGone_NoNameRatherThanAnId()
    {
        var (patient, assessment) = await DecidedAsync(ConsultationFixture.NewNurse());
        var reader = new ConsultationReader(fixture.Contexts, fixture.Audit);

        var reviewed = Assert.Single(await reader.ListOwnReviewedAsync(patient));

        Assert.Equal(assessment.ConsultationId, reviewed.Consultation.Id);
        Assert.NotNull(reviewed.Review);
        Assert.Null(reviewed.Review.NurseName);
    }

    [Fact]
    public async Task OpenChat_NurseMessage_CarriesTheNursesName()
    {
        var nurse = await NamedNurseAsync("Nina Okafor");
        var (patient, assessment) = await DecidedAsync(nurse);

        var opening = await fixture.NewAnswer().OpenAsync(patient, assessment.ConsultationId);

        var message = Assert.Single(opening.Chat!.Messages, m => m.Author == MessageAuthor.Nurse);
        Assert.Equal(nurse.UserId, message.AuthorId);
        Assert.Equal("Nina Okafor", opening.Chat.Authors.Find(message.AuthorId));
    }

    [Fact]
    public async Task Migration_NurseMessageStoredBeforeAuthorColumn_BackfilledFromTheDecision()
    {
        var nurse = await NamedNurseAsync("Nina Okafor");
        var (_, assessment) = await DecidedAsync(nurse);
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        await db.Messages.Where(m => m.ConsultationId == assessment.ConsultationId).ExecuteUpdateAsync(m => m.SetProperty(x => x.AuthorId, (string?)null));
        var backfill = MedPortal.Core.Data.SchemaMigrator.Embedded.Single(m => m.Version.EndsWith("_message_author", StringComparison.Ordinal));

        await db.Database.ExecuteSqlRawAsync(backfill.Sql.Replace("ALTER TABLE consultation_messages ADD author_id text;", "", StringComparison.Ordinal));

        Assert.Equal(nurse.UserId, await db.Messages.Where(m => m.ConsultationId == assessment.ConsultationId && m.Author == MessageAuthor.Nurse).Select(m => m.AuthorId).SingleAsync());
    }
}
