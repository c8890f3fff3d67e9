using MedPortal.Core.Consultations;
using MedPortal.Core.Consultations.Chat;
using MedPortal.Core.Consultations.NurseQueue;
using MedPortal.Core.Live;
using MedPortal.Core.Triage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace MedPortal.Tests.Core.Consultations;

public sealed class ConsultationAssistantTests(ConsultationFixture fixture) : IClassFixture<ConsultationFixture>
{
    [Fact]
    public async Task Start_NewConsultation_GreetingWithDisclaimerAndEmergencyPath()
    {
        var patient = await fixture.NewPatientAsync();

        var consultation = await fixture.Assistant.StartAsync(patient);

        var greeting = Assert.Single(await fixture.MessagesAsync(consultation.Id));
        Assert.Equal(MessageAuthor.Assistant, greeting.Author);
        Assert.Contains("911", greeting.Content, StringComparison.Ordinal);
        Assert.Contains("988", greeting.Content, StringComparison.Ordinal);
        Assert.Contains("can't diagnose", greeting.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanReply_AfterEachAnswer_AsksNextSlotOnce()
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);
        var asked = new List<string>();

        for (var i = 0; i < 4; i++)
        {
            var turn = await fixture.Assistant.AcceptAsync(patient, consultation.Id, Guid.NewGuid(), $"answer {i}");
            var plan = await fixture.Assistant.PlanReplyAsync(patient, consultation.Id, turn.Triage);
            await fixture.Conversation.SaveReplyAsync(plan.Target.Id, plan.ProtocolText, MessageState.Complete);
            asked.Add(plan.Target.Slot!);
        }

        Assert.Equal(asked.Distinct().Count(), asked.Count);
        Assert.DoesNotContain("complaint", asked);
    }

    [Fact]
    public async Task PlanReply_PreviousReplyIncomplete_SameQuestionAskedAgain()
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);
        var turn = await fixture.Assistant.AcceptAsync(patient, consultation.Id, Guid.NewGuid(), "my back hurts");
        var first = await fixture.Assistant.PlanReplyAsync(patient, consultation.Id, turn.Triage);
        await fixture.Conversation.SaveReplyAsync(first.Target.Id, "When did", MessageState.Incomplete);

        var retry = await fixture.Assistant.PlanReplyAsync(patient, consultation.Id, turn.Triage);

        Assert.Equal(first.Target.Slot, retry.Target.Slot);
    }

    [Fact]
    public async Task Submit_Twice_OneAssessmentWaitingAndAnnounced()
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);
        await fixture.Assistant.AcceptAsync(patient, consultation.Id, Guid.NewGuid(), "I have a mild sore throat");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:MedPortal"] = fixture.Database.ConnectionString }).Build();
        var events = new LiveEvents(NullLogger<LiveEvents>.Instance);
        var announced = new TaskCompletionSource<LiveEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = events.Subscribe(e => { if (e.ConsultationId == consultation.Id) { announced.TrySetResult(e); } return Task.CompletedTask; });
        var listener = new PostgresLiveEventListener(configuration, events, NullLogger<PostgresLiveEventListener>.Instance);
        await listener.StartAsync(CancellationToken.None);
        await listener.Listening.WaitAsync(TimeSpan.FromSeconds(10));

        var first = await fixture.Assistant.SubmitAsync(patient, consultation.Id, model: null);
        var second = await fixture.Assistant.SubmitAsync(patient, consultation.Id, model: null);

        Assert.Equal(first.Id, second.Id);
        var e = await announced.Task.WaitAsync(TimeSpan.FromSeconds(2));
        Assert.Equal((LiveEventKinds.AssessmentCreated, first.Id), (e.Kind, e.Id));
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        var stored = await db.Assessments.SingleAsync(a => a.ConsultationId == consultation.Id);
        Assert.Equal(AssessmentStatus.Waiting, stored.Status);
        Assert.Equal(stored.RuleAcuity, stored.AiAcuity);
        Assert.Contains("no model", stored.Provenance, StringComparison.Ordinal);
        Assert.Equal(ConsultationStatus.AwaitingTriage, (await db.Consultations.SingleAsync(c => c.Id == consultation.Id)).Status);
        Assert.True(await db.AuditEvents.AnyAsync(a => a.Action == "consultation.submit" && a.ResourceId == consultation.Id.ToString()));
        await listener.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Submit_NoPatientMessage_ClearError()
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);

        var error = await Assert.ThrowsAsync<ChatInputException>(() => fixture.Assistant.SubmitAsync(patient, consultation.Id, model: null));

        Assert.Contains("Tell us what is wrong", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accept_AfterSubmit_Refused()
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);
        await fixture.Assistant.AcceptAsync(patient, consultation.Id, Guid.NewGuid(), "headache");
        await fixture.Assistant.SubmitAsync(patient, consultation.Id, model: null);

        var error = await Assert.ThrowsAsync<ChatInputException>(() => fixture.Assistant.AcceptAsync(patient, consultation.Id, Guid.NewGuid(), "more"));

        Assert.Contains("already sent to a nurse", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ModelSuggestsLowerAcuity_RulesLevelKept()
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);
        var turn = await fixture.Assistant.AcceptAsync(patient, consultation.Id, Guid.NewGuid(), "I have chest pain");
        var model = new MedPortal.Tests.Infrastructure.ScriptedChatClient(["{\"acuity\": 5, \"rationale\": \"Probably nothing.\"}"], TimeSpan.Zero);

        var assessment = await fixture.Assistant.SubmitAsync(patient, consultation.Id, model);

        Assert.Equal(Acuity.SelfCare, assessment.ModelAcuity);
        Assert.Equal(turn.Triage.Acuity, assessment.AiAcuity);
        Assert.Equal("Probably nothing.", assessment.Rationale);
    }
}
