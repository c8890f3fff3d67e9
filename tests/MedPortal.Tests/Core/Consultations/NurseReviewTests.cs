using MedPortal.Core.Consultations;
using MedPortal.Core.Consultations.NurseQueue;
using MedPortal.Core.Triage;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Tests.Core.Consultations;

public sealed class NurseReviewTests(ConsultationFixture fixture) : IClassFixture<ConsultationFixture>
{
    [Fact]
    public async Task Claim_TwoNursesAtOnce_ExactlyOneWinsAndTheOtherIsToldWhy()
    {
        var assessment = await fixture.SubmittedCaseAsync("I have had a cough for two days");
        var nurses = new[] { ConsultationFixture.NewNurse(), ConsultationFixture.NewNurse() };

        var attempts = nurses.Select(n => Task.Run(async () =>
        {
            try
            {
                await fixture.Nurses.ClaimAsync(n, assessment.Id, assessment.Version);
                return (string?)null;
            }
            catch (DecisionConflictException conflict)
            {
                return conflict.Message;
            }
        })).ToArray();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Single(outcomes, o => o is null);
        var refusal = Assert.Single(outcomes, o => o is not null);
        Assert.Matches("another nurse|changed", refusal!.ToLowerInvariant());
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        var stored = await db.Assessments.SingleAsync(a => a.Id == assessment.Id);
        Assert.Equal(AssessmentStatus.Claimed, stored.Status);
        Assert.Contains(stored.ClaimedBy, nurses.Select(n => n.UserId));
    }

    [Fact]
    public async Task Decide_CaseClaimedByAnotherNurse_RefusedAndNoDecisionStored()
    {
        var assessment = await fixture.SubmittedCaseAsync("my knee has been sore for a week");
        var first = ConsultationFixture.NewNurse();
        var second = ConsultationFixture.NewNurse();
        var version = await fixture.Nurses.ClaimAsync(first, assessment.Id, assessment.Version);

        var error = await Assert.ThrowsAsync<DecisionConflictException>(() => fixture.Nurses.DecideAsync(second,
            new DecisionInput(assessment.Id, version, assessment.AiAcuity, null, Disposition.BookRoutineAppointment, "Please book an appointment.")));

        Assert.Contains("Another nurse has claimed", error.Message, StringComparison.Ordinal);
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        Assert.False(await db.Decisions.AnyAsync(d => d.AssessmentId == assessment.Id));
    }

    [Fact]
    public async Task Decide_TwoDecisionsOnOneVersion_SecondRefused()
    {
        var assessment = await fixture.SubmittedCaseAsync("itchy rash on my arm for 3 days");
        var nurse = ConsultationFixture.NewNurse();
        var version = await fixture.Nurses.ClaimAsync(nurse, assessment.Id, assessment.Version);
        var input = new DecisionInput(assessment.Id, version, assessment.AiAcuity, null, Disposition.SelfCare, "Use a moisturiser and watch for spreading redness.", MismatchConfirmed: true);

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            try
            {
                await fixture.Nurses.DecideAsync(nurse, input);
                return true;
            }
            catch (DecisionConflictException)
            {
                return false;
            }
        })));

        Assert.Equal(1, results.Count(r => r));
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        Assert.Equal(1, await db.Decisions.CountAsync(d => d.AssessmentId == assessment.Id));
        Assert.Equal(1, await db.Messages.CountAsync(m => m.ConsultationId == assessment.ConsultationId && m.Author == MessageAuthor.Nurse));
    }

    [Fact]
    public async Task Decide_OverrideWithoutReason_RefusedAndNothingSaved()
    {
        var assessment = await fixture.SubmittedCaseAsync("sore throat since yesterday");
        var nurse = ConsultationFixture.NewNurse();
        var version = await fixture.Nurses.ClaimAsync(nurse, assessment.Id, assessment.Version);
        var other = assessment.AiAcuity == Acuity.Urgent ? Acuity.Routine : Acuity.Urgent;

        var error = await Assert.ThrowsAsync<DecisionInputException>(() => fixture.Nurses.DecideAsync(nurse,
            new DecisionInput(assessment.Id, version, other, "   ", Disposition.SeeClinicianWithin24Hours, "Please come in today.")));

        Assert.Contains("reason for the override", error.Message, StringComparison.Ordinal);
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        Assert.False(await db.Decisions.AnyAsync(d => d.AssessmentId == assessment.Id));
        Assert.Equal(AssessmentStatus.Claimed, (await db.Assessments.SingleAsync(a => a.Id == assessment.Id)).Status);
    }

    [Fact]
    public async Task Decide_DispositionNotTheLevelsUsualOneUnconfirmed_RefusedAndNothingSaved()
    {
        var assessment = await fixture.SubmittedCaseAsync("sore throat since yesterday");
        var nurse = ConsultationFixture.NewNurse();
        var version = await fixture.Nurses.ClaimAsync(nurse, assessment.Id, assessment.Version);
        var other = assessment.AiAcuity == Acuity.Urgent ? Disposition.BookRoutineAppointment : Disposition.SeeClinicianWithin24Hours;

        var error = await Assert.ThrowsAsync<DecisionInputException>(() => fixture.Nurses.DecideAsync(nurse,
            new DecisionInput(assessment.Id, version, assessment.AiAcuity, null, other, "Please come in.")));

        Assert.Equal(DispositionMismatch.Unconfirmed, error.Message);
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        Assert.False(await db.Decisions.AnyAsync(d => d.AssessmentId == assessment.Id));
        var confirmed = await fixture.Nurses.DecideAsync(nurse, new DecisionInput(assessment.Id, version, assessment.AiAcuity, null, other, "Please come in.", MismatchConfirmed: true));
        Assert.Equal(other, confirmed.Disposition);
    }

    [Fact]
    public async Task Decide_EmptyMessageOrStaleVersion_ClearErrors()
    {
        var assessment = await fixture.SubmittedCaseAsync("back pain after lifting boxes");
        var nurse = ConsultationFixture.NewNurse();
        var version = await fixture.Nurses.ClaimAsync(nurse, assessment.Id, assessment.Version);

        var empty = await Assert.ThrowsAsync<DecisionInputException>(() => fixture.Nurses.DecideAsync(nurse,
            new DecisionInput(assessment.Id, version, assessment.AiAcuity, null, Disposition.BookRoutineAppointment, "")));
        var stale = await Assert.ThrowsAsync<DecisionConflictException>(() => fixture.Nurses.DecideAsync(nurse,
            new DecisionInput(assessment.Id, version - 1, assessment.AiAcuity, null, Disposition.BookRoutineAppointment, "Book in.")));

        Assert.Contains("message to the patient", empty.Message, StringComparison.Ordinal);
        Assert.Contains("changed since you opened it", stale.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decide_Override_PatientGetsNurseMessageConsultationTriagedAndAudited()
    {
        var assessment = await fixture.SubmittedCaseAsync("I have a headache");
        var nurse = ConsultationFixture.NewNurse();
        var version = await fixture.Nurses.ClaimAsync(nurse, assessment.Id, assessment.Version);
        var final = assessment.AiAcuity == Acuity.Urgent ? Acuity.EmergencyDepartment : Acuity.Urgent;

        var decision = await fixture.Nurses.DecideAsync(nurse,
            new DecisionInput(assessment.Id, version, final, "Worst headache of her life on the phone.", Disposition.GoToEmergencyDepartment, "Please go to the emergency department now.", MismatchConfirmed: true));

        Assert.True(decision.Overridden);
        Assert.Equal(assessment.AiAcuity, decision.AiAcuity);
        var nurseMessage = Assert.Single(await fixture.MessagesAsync(assessment.ConsultationId), m => m.Author == MessageAuthor.Nurse);
        Assert.Contains("Go to an emergency department now", nurseMessage.Content, StringComparison.Ordinal);
        Assert.Contains("Please go to the emergency department now.", nurseMessage.Content, StringComparison.Ordinal);
        Assert.Contains("911", nurseMessage.Content, StringComparison.Ordinal);
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        Assert.Equal(ConsultationStatus.Triaged, (await db.Consultations.SingleAsync(c => c.Id == assessment.ConsultationId)).Status);
        var actions = await db.AuditEvents.Where(e => e.ResourceId == assessment.Id.ToString()).Select(e => e.Action).ToListAsync();
        Assert.Equal(["assessment.claim", "assessment.decide"], actions);
        Assert.DoesNotContain(await db.AuditEvents.Select(e => e.Action + e.ResourceType + e.ResourceId).ToListAsync(), t => t.Contains("headache", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Open_Case_TranscriptFactsHistoryAndAViewAuditEvent()
    {
        var patient = await fixture.NewPatientAsync();
        foreach (var text in new[] { "I twisted my ankle", "I have chest pain" })
        {
            var c = await fixture.Assistant.StartAsync(patient);
            await fixture.Assistant.AcceptAsync(patient, c.Id, Guid.NewGuid(), text);
            await fixture.Assistant.SubmitAsync(patient, c.Id, model: null);
        }
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        var latest = await db.Assessments.Where(a => a.PatientId == patient.UserId).OrderByDescending(a => a.CreatedAt).FirstAsync();
        var nurse = ConsultationFixture.NewNurse();

        var detail = await fixture.Nurses.OpenAsync(nurse, latest.Id);

        Assert.NotNull(detail);
        Assert.Contains(detail.Consultation.Messages, m => m.Content == "I have chest pain");
        Assert.Contains(detail.Facts.Symptoms, s => s.Contains("chest", StringComparison.OrdinalIgnoreCase));
        var earlier = Assert.Single(detail.History);
        Assert.NotNull(earlier.AiAcuity);
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "assessment.view" && e.ResourceId == latest.Id.ToString() && e.ActorId == nurse.UserId));
    }
}

public sealed class NurseQueueTests(ConsultationFixture fixture) : IClassFixture<ConsultationFixture>
{
    [Fact]
    public async Task Page_MixedCases_MostUrgentFirstThenLongestWaitingAndCountsMatch()
    {
        foreach (var text in new[] { "runny nose for 2 days", "crushing chest pain spreading to my left arm", "sore throat", "I want to kill myself", "runny nose and sneezing" })
        {
            await fixture.SubmittedCaseAsync(text);
        }

        var page = await fixture.Nurses.PageAsync(new QueueFilter(), 0, 50);
        var counts = await fixture.Nurses.OpenCountsAsync();

        Assert.Equal(5, page.Total);
        Assert.Equal(Acuity.Emergency, page.Items[0].AiAcuity);
        for (var i = 1; i < page.Items.Count; i++)
        {
            var (a, b) = (page.Items[i - 1], page.Items[i]);
            Assert.True(a.AiAcuity < b.AiAcuity || (a.AiAcuity == b.AiAcuity && a.CreatedAt <= b.CreatedAt), $"row {i} out of order");
        }
        Assert.Equal(page.Total, counts.Values.Sum());
        var crisis = await fixture.Nurses.PageAsync(new QueueFilter(CrisisOnly: true), 0, 50);
        Assert.All(crisis.Items, item => Assert.True(item.IsCrisis));
        Assert.Single(crisis.Items);
        var levelTwoOnly = await fixture.Nurses.PageAsync(new QueueFilter(Levels: new HashSet<Acuity> { Acuity.SelfCare }), 0, 50);
        Assert.Equal(counts[Acuity.SelfCare], levelTwoOnly.Total);
    }
}

public sealed class NurseDashboardTests(ConsultationFixture fixture) : IClassFixture<ConsultationFixture>
{
    [Fact]
    public async Task Dashboard_ThreeDecisions_MatrixOverrideRateUnderTriageAndMedian()
    {
        var nurse = ConsultationFixture.NewNurse();
        async Task DecideAsync(string text, Func<Acuity, Acuity> final)
        {
            var a = await fixture.SubmittedCaseAsync(text);
            var v = await fixture.Nurses.ClaimAsync(nurse, a.Id, a.Version);
            var level = final(a.AiAcuity);
            await fixture.Nurses.DecideAsync(nurse, new DecisionInput(a.Id, v, level, level == a.AiAcuity ? null : "Clinical judgement on the phone.", DispositionText.For(level), "See the advice above."));
        }
        await DecideAsync("runny nose for 2 days", ai => ai);
        await DecideAsync("sore throat for 3 days", ai => ai);
        await DecideAsync("a mild headache", ai => ai == Acuity.Emergency ? ai : ai - 1);

        var dashboard = await fixture.Agreement.LoadAsync(nurse);

        Assert.Equal(3, dashboard.Decided);
        Assert.Equal(3, dashboard.Matrix.Cast<int>().Sum());
        Assert.Equal(1, dashboard.Overridden);
        Assert.Equal(1.0 / 3, dashboard.OverrideRate, 3);
        Assert.Equal(1, dashboard.UnderTriageCount);
        var under = Assert.Single(dashboard.UnderTriage);
        Assert.True(under.FinalAcuity < under.AiAcuity);
        Assert.NotNull(dashboard.MedianTimeToReview);
        Assert.True(dashboard.MedianTimeToReview > TimeSpan.Zero);
    }
}
