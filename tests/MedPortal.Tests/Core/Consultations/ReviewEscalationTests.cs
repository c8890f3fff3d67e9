using MedPortal.Core.Consultations.NurseQueue;
using MedPortal.Core.Notifications;
using MedPortal.Core.Triage;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MedPortal.Tests.Core.Consultations;

/// <summary>The decision email to the patient and the escalation of overdue cases, against PostgreSQL and a real SMTP server.</summary>
public sealed class ReviewEscalationTests(ConsultationFixture fixture) : IClassFixture<ConsultationFixture>, IAsyncLifetime
{
    private SmtpTestServer smtp = null!;

    public async Task InitializeAsync() => smtp = await SmtpTestServer.StartAsync();

    public async Task DisposeAsync() => await smtp.DisposeAsync();

    private EmailOptions EmailOn() => new()
    {
        Enabled = true,
        Host = "127.0.0.1",
        Port = smtp.Port,
        Security = SmtpSecurity.None,
        From = "MedPortal <no-reply@clinic.example>",
        PublicBaseUrl = "https://portal.clinic.example",
        TimeoutSeconds = 10,
    };

    private EmailDispatcher Dispatcher() => new(fixture.Contexts, fixture.Outbox, new SmtpMailSender(Options.Create(EmailOn())),
        Options.Create(EmailOn()), TimeProvider.System, NullLogger<EmailDispatcher>.Instance);

    /// <summary>Escalation with email on; <paramref name="chargeNurse"/> null: no charge nurse configured.</summary>
    private ReviewEscalation Escalation(string? chargeNurse = null) =>
        fixture.NewEscalation(EmailOn(), new EscalationOptions { ChargeNurseEmail = chargeNurse });

    private static string NewChargeNurse() => $"charge.{Guid.NewGuid():N}@clinic.example";

    /// <summary>Moves a case's arrival back in time, as if it had waited that long.</summary>
    private async Task WaitedAsync(Guid assessmentId, TimeSpan waited)
    {
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        await db.Assessments.Where(a => a.Id == assessmentId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CreatedAt, DateTimeOffset.UtcNow - waited));
    }

    private async Task<List<string>> AuditActionsAsync(Guid assessmentId)
    {
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        return await db.AuditEvents.Where(e => e.ResourceId == assessmentId.ToString()).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync();
    }

    private async Task<List<QueuedEmail>> EmailsToAsync(string address)
    {
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        return await db.QueuedEmails.Where(e => e.ToAddress == address).OrderBy(e => e.Id).ToListAsync();
    }

    private async Task DecideAsync(NurseReview nurses, PreliminaryAssessment assessment, string message)
    {
        var nurse = ConsultationFixture.NewNurse();
        var version = await nurses.ClaimAsync(nurse, assessment.Id, assessment.Version);
        await nurses.DecideAsync(nurse, new DecisionInput(assessment.Id, version, assessment.AiAcuity, null, DispositionText.For(assessment.AiAcuity), message));
    }

    [Fact]
    public async Task DecideAsync_EmailOn_PatientIsEmailedThatAMessageWaitsWithNoHealthInformation()
    {
        var address = $"{Guid.NewGuid():N}@patients.example";
        var patient = await fixture.NewPatientAsync(email: address, displayName: "Rosalind Quibell");
        var assessment = await fixture.SubmittedCaseAsync("I have had a cough and wheezing for two days", patient);

        await DecideAsync(fixture.NewNurseReview(EmailOn()), assessment, "Use your salbutamol inhaler and rest.");

        var queued = Assert.Single(await EmailsToAsync(address));
        Assert.Equal("patient.care-team-message", queued.Kind);
        Assert.True(await Dispatcher().SendDueAsync(CancellationToken.None) >= 1);
        var mail = Assert.Single(await smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10)), m => m.To.Mailboxes.Any(b => b.Address == address));
        Assert.Equal("A message from your care team is waiting", mail.Subject);
        Assert.Contains("https://portal.clinic.example/consultations", mail.TextBody, StringComparison.Ordinal);
        foreach (var health in new[] { "cough", "wheez", "salbutamol", "inhaler", "Rosalind", "Quibell", assessment.Id.ToString(), assessment.ConsultationId.ToString() })
        {
            Assert.DoesNotContain(health, mail.Subject + mail.TextBody, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task DecideAsync_EmailOff_NothingQueuedAndTheChatMessageStillArrives()
    {
        var address = $"{Guid.NewGuid():N}@patients.example";
        var assessment = await fixture.SubmittedCaseAsync("my knee has been sore for a week", await fixture.NewPatientAsync(email: address));

        await DecideAsync(fixture.NewNurseReview(new EmailOptions { Enabled = false }), assessment, "Rest the knee.");

        Assert.Empty(await EmailsToAsync(address));
        Assert.Contains(await fixture.MessagesAsync(assessment.ConsultationId), m => m.Content.Contains("Rest the knee.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RaiseDueAsync_CrisisCaseUnclaimedPastFiveMinutes_RaisedOnceAuditedAndTheChargeNurseEmailed()
    {
        var assessment = await fixture.SubmittedCaseAsync("I want to kill myself tonight");
        Assert.True(assessment.IsCrisis);
        await WaitedAsync(assessment.Id, TimeSpan.FromMinutes(6));
        var chargeNurse = NewChargeNurse();

        var raised = await Escalation(chargeNurse).RaiseDueAsync();
        var again = await Escalation(chargeNurse).RaiseDueAsync();

        var alert = Assert.Single(raised, a => a.AssessmentId == assessment.Id);
        Assert.Equal(ReviewAlertReason.Unclaimed, alert.Reason);
        Assert.True(alert.IsCrisis);
        Assert.DoesNotContain(again, a => a.AssessmentId == assessment.Id);
        Assert.Single(await AuditActionsAsync(assessment.Id), a => a == "review_alert.raise");
        var email = Assert.Single(await EmailsToAsync(chargeNurse));
        Assert.Equal("staff.review-overdue", email.Kind);
        await Dispatcher().SendDueAsync(CancellationToken.None);
        var mails = (await smtp.WaitForMessagesAsync(1, TimeSpan.FromSeconds(10))).Where(m => m.To.Mailboxes.Any(b => b.Address == chargeNurse)).ToList();
        Assert.All(mails, mail =>
        {
            Assert.Equal("MedPortal: cases waiting past their review target", mail.Subject);
            Assert.Contains("https://portal.clinic.example/triage", mail.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("kill", mail.Subject + mail.TextBody, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(assessment.Id.ToString(), mail.TextBody, StringComparison.Ordinal);
        });
        Assert.Single(mails);
    }

    [Fact]
    public async Task RaiseDueAsync_CrisisCaseWithinFiveMinutes_NotRaised()
    {
        var assessment = await fixture.SubmittedCaseAsync("I have been cutting myself again");
        Assert.True(assessment.IsCrisis);
        await WaitedAsync(assessment.Id, TimeSpan.FromMinutes(4));

        Assert.DoesNotContain(await Escalation().RaiseDueAsync(), a => a.AssessmentId == assessment.Id);
    }

    [Fact]
    public async Task RaiseDueAsync_NonUrgentCase_RaisedOnlyPastItsOwnReviewTarget()
    {
        var assessment = await fixture.SubmittedCaseAsync("itchy rash on my arm for 3 days");
        Assert.False(assessment.IsCrisis);
        var target = QueueTargets.EscalateAfter(assessment.AiAcuity, isCrisis: false);
        Assert.True(target > TimeSpan.FromMinutes(10), "a non-urgent case has a longer target than a crisis");

        await WaitedAsync(assessment.Id, target - TimeSpan.FromMinutes(2));
        Assert.DoesNotContain(await Escalation().RaiseDueAsync(), a => a.AssessmentId == assessment.Id);

        await WaitedAsync(assessment.Id, target + TimeSpan.FromMinutes(2));
        var alert = Assert.Single(await Escalation().RaiseDueAsync(), a => a.AssessmentId == assessment.Id);
        Assert.Equal(assessment.AiAcuity, alert.Acuity);
    }

    [Fact]
    public async Task RaiseDueAsync_ClaimedButUndecided_RaisedAsUndecided_DecidedCaseNever()
    {
        var claimed = await fixture.SubmittedCaseAsync("sore throat since yesterday");
        var decided = await fixture.SubmittedCaseAsync("back pain after lifting boxes");
        await fixture.Nurses.ClaimAsync(ConsultationFixture.NewNurse(), claimed.Id, claimed.Version);
        await DecideAsync(fixture.Nurses, decided, "Keep moving gently.");
        await WaitedAsync(claimed.Id, TimeSpan.FromDays(2));
        await WaitedAsync(decided.Id, TimeSpan.FromDays(2));

        var raised = await Escalation().RaiseDueAsync();

        Assert.Equal(ReviewAlertReason.Undecided, Assert.Single(raised, a => a.AssessmentId == claimed.Id).Reason);
        Assert.DoesNotContain(raised, a => a.AssessmentId == decided.Id);
    }

    [Fact]
    public async Task RaiseDueAsync_TwoInstancesAtOnce_OneAlertOneAuditEvent()
    {
        var assessment = await fixture.SubmittedCaseAsync("I took all my pills, I want to die");
        await WaitedAsync(assessment.Id, TimeSpan.FromMinutes(30));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Escalation().RaiseDueAsync())));

        Assert.Equal(1, results.Sum(r => r.Count(a => a.AssessmentId == assessment.Id)));
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.ReviewAlerts.CountAsync(r => r.AssessmentId == assessment.Id));
        Assert.Single(await AuditActionsAsync(assessment.Id), a => a == "review_alert.raise");
    }

    [Fact]
    public async Task AcknowledgeAsync_OpenAlert_LeavesTheOpenListAudited_SecondAcknowledgeIsRefused()
    {
        var assessment = await fixture.SubmittedCaseAsync("I want to end my life");
        await WaitedAsync(assessment.Id, TimeSpan.FromMinutes(10));
        var alert = Assert.Single(await Escalation().RaiseDueAsync(), a => a.AssessmentId == assessment.Id);
        var nurse = ConsultationFixture.NewNurse();
        var escalation = Escalation();
        Assert.Contains((await escalation.OpenAsync(nurse, top: 100)).Top, a => a.Id == alert.Id && a.IsCrisis && a.Acuity == Acuity.Emergency);

        Assert.True(await escalation.AcknowledgeAsync(nurse, alert.Id));
        Assert.False(await escalation.AcknowledgeAsync(ConsultationFixture.NewNurse(), alert.Id));

        Assert.DoesNotContain((await escalation.OpenAsync(nurse, top: 100)).Top, a => a.Id == alert.Id);
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        var row = await db.ReviewAlerts.SingleAsync(r => r.Id == alert.Id);
        Assert.Equal(nurse.UserId, row.AcknowledgedBy);
        Assert.NotNull(row.AcknowledgedAt);
        Assert.Single(await AuditActionsAsync(assessment.Id), a => a == "review_alert.acknowledge");
        Assert.Equal(2, await db.AuditEvents.CountAsync(e => e.Action == "review_alerts.view" && e.ActorId == nurse.UserId));
    }

    [Fact]
    public async Task RaiseDueAsync_ManyScansRaisingCases_ChargeNurseEmailedAtMostOncePerWindow()
    {
        var chargeNurse = NewChargeNurse();
        foreach (var text in new[] { "I want to kill myself", "I am going to hurt myself tonight" })
        {
            var assessment = await fixture.SubmittedCaseAsync(text);
            await WaitedAsync(assessment.Id, TimeSpan.FromMinutes(8));
            Assert.Contains(await Escalation(chargeNurse).RaiseDueAsync(), a => a.AssessmentId == assessment.Id);
        }

        Assert.Single(await EmailsToAsync(chargeNurse));
    }

    [Fact]
    public async Task OpenAsync_MoreOpenThanShown_TopIsTheMostUrgentAndTotalCountsAll()
    {
        var crisis = await fixture.SubmittedCaseAsync("I want to kill myself now");
        var routine = await fixture.SubmittedCaseAsync("dry skin on my hands for a month");
        await WaitedAsync(crisis.Id, TimeSpan.FromDays(3));
        await WaitedAsync(routine.Id, TimeSpan.FromDays(3));
        await Escalation().RaiseDueAsync();

        var open = await Escalation().OpenAsync(ConsultationFixture.NewNurse(), top: 1);

        Assert.True(open.Total >= 2);
        var first = Assert.Single(open.Top);
        Assert.True(first.IsCrisis, "crisis alerts come first");
    }
}
