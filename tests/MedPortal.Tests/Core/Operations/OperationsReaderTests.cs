using MedPortal.Core.Documents;
using MedPortal.Core.Documents.Jobs;
using MedPortal.Core.Identity;
using MedPortal.Core.Notifications;
using MedPortal.Core.Operations;
using MedPortal.Core.Triage;
using MedPortal.Tests.Core.Consultations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MedPortal.Tests.Core.Operations;

public sealed class OperationsReaderTests(ConsultationFixture fixture) : IClassFixture<ConsultationFixture>
{
    private static readonly MedPortal.Core.Audit.AuditActor Admin = new(Guid.NewGuid().ToString(), Roles.Admin, "127.0.0.1");

    private OperationsReader Reader => new(fixture.Contexts, fixture.Audit, TimeProvider.System);

    [Fact]
    public async Task ReadAsync_CasesAlertsAndEmails_CountedPerLevelAndStateAndAudited()
    {
        var before = await Reader.ReadAsync(Admin);
        var crisis = await fixture.SubmittedCaseAsync("I want to kill myself tonight");
        var routine = await fixture.SubmittedCaseAsync("itchy rash on my arm for 3 days");
        await fixture.Nurses.ClaimAsync(ConsultationFixture.NewNurse(), routine.Id, routine.Version);
        await using (var db = await fixture.Contexts.CreateDbContextAsync())
        {
            await db.Assessments.Where(a => a.Id == crisis.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-20)));
            fixture.Outbox.Add(db, "someone@example.org", EmailTemplate.CareTeamMessage(new Uri("https://portal.clinic.example/consultations")));
            await db.SaveChangesAsync();
        }
        await fixture.NewEscalation(new EmailOptions()).RaiseDueAsync();

        var after = await Reader.ReadAsync(Admin);

        QueueLevel Level(OperationsSnapshot s, Acuity a) => s.Levels.Single(l => l.Acuity == a);
        Assert.Equal(5, after.Levels.Count);
        Assert.Equal(Level(before, crisis.AiAcuity).Waiting + 1, Level(after, crisis.AiAcuity).Waiting);
        Assert.Equal(Level(before, routine.AiAcuity).Claimed + 1, Level(after, routine.AiAcuity).Claimed);
        Assert.True(Level(after, crisis.AiAcuity).OldestWait >= TimeSpan.FromMinutes(19));
        Assert.Equal(before.CrisisWaiting + 1, after.CrisisWaiting);
        Assert.True(after.OpenAlerts >= before.OpenAlerts + 1);
        Assert.Equal(before.EmailsPending + 1, after.EmailsPending);
        Assert.True(after.AuditEventsLastHour > before.AuditEventsLastHour);
        Assert.True(after.DatabaseLatency > TimeSpan.Zero);
        await using var check = await fixture.Contexts.CreateDbContextAsync();
        Assert.Equal(2, await check.AuditEvents.CountAsync(e => e.Action == "operations.view" && e.ActorId == Admin.UserId));
    }

    [Fact]
    public async Task ReadAsync_DocumentJobs_QueuedRunningFailedAndOldestQueuedWait()
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);
        var clinician = new MedPortal.Core.Audit.AuditActor(Guid.NewGuid().ToString(), Roles.Clinician, null);
        var queue = new DocumentJobQueue(fixture.Contexts, fixture.Audit, TimeProvider.System);
        var upload = new UploadDocument(fixture.Contexts, fixture.Audit, queue, Options.Create(new DocumentOptions()), TimeProvider.System);
        var before = (await Reader.ReadAsync(Admin)).DocumentJobs;
        var documents = new List<StoredDocument>();
        for (var i = 0; i < 4; i++)
        {
            var pdf = MedPortal.Tests.Core.Documents.TestFiles.Pdf([$"letter {i}"]);
            documents.Add(await upload.UploadAsync(clinician, consultation.Id, $"l{i}.pdf", new MemoryStream(pdf), pdf.Length));
        }
        await using (var db = await fixture.Contexts.CreateDbContextAsync())
        {
            // One job fails, one is held by a worker, two wait; the first of those has waited ten minutes.
            var jobs = await db.DocumentJobs.Where(j => j.ConsultationId == consultation.Id).OrderBy(j => j.QueuedAt).ToListAsync();
            await db.DocumentJobs.Where(j => j.Id == jobs[0].Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, DocumentJobState.Failed));
            await db.DocumentJobs.Where(j => j.Id == jobs[1].Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, DocumentJobState.Running));
            await db.DocumentJobs.Where(j => j.Id == jobs[2].Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.QueuedAt, DateTimeOffset.UtcNow.AddMinutes(-10)));
        }

        var after = (await Reader.ReadAsync(Admin)).DocumentJobs;

        Assert.Equal(before.Queued + 2, after.Queued);
        Assert.Equal(before.Running + 1, after.Running);
        Assert.Equal(before.Failed + 1, after.Failed);
        Assert.InRange(after.OldestQueuedWait, TimeSpan.FromMinutes(9.9), TimeSpan.FromMinutes(11));
    }
}
