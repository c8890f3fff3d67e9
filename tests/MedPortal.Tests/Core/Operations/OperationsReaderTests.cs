using MedPortal.Core.Identity;
using MedPortal.Core.Notifications;
using MedPortal.Core.Operations;
using MedPortal.Core.Triage;
using MedPortal.Tests.Core.Consultations;
using Microsoft.EntityFrameworkCore;

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
}
