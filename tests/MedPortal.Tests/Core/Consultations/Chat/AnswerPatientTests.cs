using MedPortal.Core.Audit;
using MedPortal.Core.Consultations;
using MedPortal.Core.Consultations.Chat;
using MedPortal.Core.Consultations.Interview;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Tests.Core.Consultations.Chat;

/// <summary>The chat turn against the real PostgreSQL: storage, screening, model or protocol, failures as updates.</summary>
public sealed class AnswerPatientTests(ConsultationFixture fixture) : IClassFixture<ConsultationFixture>
{
    private static async Task<List<ChatTurnUpdate>> AllAsync(IAsyncEnumerable<ChatTurnUpdate> updates, Action<ChatTurnUpdate>? onEach = null)
    {
        var list = new List<ChatTurnUpdate>();
        await foreach (var update in updates)
        {
            onEach?.Invoke(update);
            list.Add(update);
        }
        return list;
    }

    private async Task<(AuditActor Patient, Consultation Consultation)> StartedAsync()
    {
        var patient = await fixture.NewPatientAsync();
        return (patient, await fixture.Assistant.StartAsync(patient));
    }

    [Fact]
    public async Task Run_SameClientMessageIdTwice_StoredOnceAndAnsweredOnce()
    {
        var (patient, consultation) = await StartedAsync();
        var answer = fixture.NewAnswer();
        var clientId = Guid.NewGuid();

        var first = await AllAsync(answer.RunAsync(patient, consultation.Id, clientId, "I have had a headache for three days"));
        var second = await AllAsync(answer.RunAsync(patient, consultation.Id, clientId, "I have had a headache for three days"));

        var messages = await fixture.MessagesAsync(consultation.Id);
        var stored = Assert.Single(messages, m => m.Author == MessageAuthor.Patient);
        Assert.Equal(clientId, stored.ClientMessageId);
        Assert.Equal(stored.Id, Assert.Single(first.OfType<PatientMessageStored>()).Message.Id);
        Assert.Equal(stored.Id, Assert.Single(second.OfType<PatientMessageStored>()).Message.Id);
        Assert.Single(first.OfType<ReplyEnded>());
        Assert.Empty(second.OfType<ReplyStarted>());
        Assert.Equal(2, messages.Count(m => m.Author == MessageAuthor.Assistant));
    }

    [Fact]
    public async Task Run_ModelThrowsMidStream_ErrorUpdateKeepsPatientMessageAndRetryCompletes()
    {
        var (patient, consultation) = await StartedAsync();
        var model = new ScriptedChatClient(ScriptedChatClient.Words("When did the pain start, and is it getting worse?"), TimeSpan.Zero, failAfterTokens: 3, failTimes: 1);
        var answer = fixture.NewAnswer(model);

        var updates = await AllAsync(answer.RunAsync(patient, consultation.Id, Guid.NewGuid(), "my back hurts"));

        var started = Assert.Single(updates.OfType<ReplyStarted>());
        Assert.Equal("scripted-model", started.Engine);
        Assert.Equal(3, updates.OfType<ReplyText>().Count());
        var ended = Assert.Single(updates.OfType<ReplyEnded>());
        Assert.Equal(MessageState.Incomplete, ended.State);
        Assert.Equal("When did the", ended.Text);
        Assert.Equal(TurnFailure.ModelFailed, Assert.IsType<TurnFailed>(updates[^1]).Kind);
        var messages = await fixture.MessagesAsync(consultation.Id);
        Assert.Equal("my back hurts", Assert.Single(messages, m => m.Author == MessageAuthor.Patient).Content);
        Assert.Equal(MessageState.Incomplete, Assert.Single(messages, m => m.Id == started.Message.Id).State);
        Assert.True(AnswerPatient.CanRetry(messages, messages.Single(m => m.Id == started.Message.Id), ConsultationStatus.InProgress));

        var retried = await AllAsync(answer.RetryAsync(patient, consultation.Id));

        var again = Assert.Single(retried.OfType<ReplyEnded>());
        Assert.Equal(MessageState.Complete, again.State);
        Assert.Equal("When did the pain start, and is it getting worse?", again.Text);
        Assert.Empty(retried.OfType<TurnFailed>());
    }

    [Fact]
    public async Task Run_AnotherPatientsConsultation_RefusedAndNothingStored()
    {
        var (_, consultation) = await StartedAsync();
        var intruder = await fixture.NewPatientAsync();
        var answer = fixture.NewAnswer();

        var updates = await AllAsync(answer.RunAsync(intruder, consultation.Id, Guid.NewGuid(), "let me in"));
        var opened = await answer.OpenAsync(intruder, consultation.Id);
        var recap = await answer.RecapAsync(intruder, consultation.Id);
        var continued = await AllAsync(answer.ContinueAsync(intruder, consultation.Id));
        var submitted = await answer.SubmitAsync(intruder, consultation.Id);

        Assert.IsType<PatientMessageRejected>(Assert.Single(updates));
        Assert.Null(opened.Chat);
        Assert.Equal(TurnFailure.NotFound, opened.Failure!.Kind);
        Assert.Equal(TurnFailure.NotFound, Assert.IsType<TurnFailed>(recap).Kind);
        Assert.Equal(TurnFailure.NotFound, Assert.IsType<TurnFailed>(Assert.Single(continued)).Kind);
        Assert.Equal(TurnFailure.NotFound, submitted!.Kind);
        Assert.DoesNotContain(await fixture.MessagesAsync(consultation.Id), m => m.Author == MessageAuthor.Patient);
        await Assert.ThrowsAsync<ChatInputException>(() => fixture.Assistant.TriageAsync(intruder, consultation.Id));
        await Assert.ThrowsAsync<ChatInputException>(() => fixture.Assistant.BuildRecapAsync(intruder, consultation.Id));
        await Assert.ThrowsAsync<ChatInputException>(() => fixture.Conversation.AppendAssistantMessageAsync(intruder, consultation.Id, MessageAuthor.Assistant, "x", MessageState.Complete));
    }

    [Fact]
    public async Task Run_NoModel_ProtocolQuestionStreamedWordByWord()
    {
        var (patient, consultation) = await StartedAsync();

        var updates = await AllAsync(fixture.NewAnswer().RunAsync(patient, consultation.Id, Guid.NewGuid(), "my back hurts"));

        Assert.Equal(AnswerPatient.ProtocolEngine, Assert.Single(updates.OfType<ReplyStarted>()).Engine);
        var ended = Assert.Single(updates.OfType<ReplyEnded>());
        Assert.Equal(MessageState.Complete, ended.State);
        Assert.Contains(ended.Text, InterviewProtocol.StandardSlots.Select(s => s.Question));
        Assert.True(updates.OfType<ReplyText>().Count() > 3);
        Assert.Empty(updates.OfType<TurnFailed>());
    }

    [Fact]
    public async Task Run_EmergencyWithModelReady_BannerFirstAndProtocolWordsNotTheModel()
    {
        var (patient, consultation) = await StartedAsync();
        var model = new ScriptedChatClient(ScriptedChatClient.Words("anything at all"), TimeSpan.Zero);

        var updates = await AllAsync(fixture.NewAnswer(model).RunAsync(patient, consultation.Id, Guid.NewGuid(), "crushing chest pain spreading to my left arm"));

        var screening = updates.FindIndex(u => u is ScreeningUpdated { Screening.IsEmergency: true });
        var started = updates.FindIndex(u => u is ReplyStarted);
        Assert.InRange(screening, 0, started - 1);
        Assert.Equal(AnswerPatient.ProtocolEngine, ((ReplyStarted)updates[started]).Engine);
        Assert.Equal(0, model.Calls);
        Assert.Contains("911", Assert.Single(updates.OfType<ReplyEnded>()).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StopPressedWhileStreaming_KeptIncompleteWithoutAnError()
    {
        var (patient, consultation) = await StartedAsync();
        var model = new ScriptedChatClient(ScriptedChatClient.Words("one two three four five six seven eight nine ten eleven twelve"), TimeSpan.FromMilliseconds(40));

        var updates = await AllAsync(fixture.NewAnswer(model).RunAsync(patient, consultation.Id, Guid.NewGuid(), "my back hurts"),
            u =>
            {
                if (u is ReplyStarted s)
                {
                    _ = StopSoonAsync(s.Feed);
                }
            });

        var ended = Assert.Single(updates.OfType<ReplyEnded>());
        Assert.Equal(MessageState.Incomplete, ended.State);
        Assert.Empty(updates.OfType<TurnFailed>());
        Assert.Equal(ended.Text, (await fixture.MessagesAsync(consultation.Id)).Single(m => m.Id == ended.MessageId).Content);

        static async Task StopSoonAsync(ReplyFeed feed)
        {
            await Task.Delay(120);
            feed.Stop();
        }
    }

    [Fact]
    public async Task Run_ThreeTurnsStartedAtOnce_StoredInCallOrderAndLatestAnswered()
    {
        var (patient, consultation) = await StartedAsync();
        var answer = fixture.NewAnswer();
        var texts = new[] { "first: my back hurts", "second: since Monday", "third: it is a 6 out of 10" };

        var turns = texts.Select(t => AllAsync(answer.RunAsync(patient, consultation.Id, Guid.NewGuid(), t))).ToList();
        var results = await Task.WhenAll(turns);

        var messages = await fixture.MessagesAsync(consultation.Id);
        Assert.Equal(texts, messages.Where(m => m.Author == MessageAuthor.Patient).Select(m => m.Content));
        Assert.Equal(MessageAuthor.Assistant, messages[^1].Author);
        Assert.Equal(MessageState.Complete, messages[^1].State);
        Assert.All(results, r => Assert.Single(r.OfType<PatientMessageStored>()));
        Assert.Empty(results.SelectMany(r => r.OfType<TurnFailed>()));
    }

    [Fact]
    public async Task Open_OwnConsultationWithEmergency_MessagesAndBanner()
    {
        var (patient, consultation) = await StartedAsync();
        var answer = fixture.NewAnswer();
        await AllAsync(answer.RunAsync(patient, consultation.Id, Guid.NewGuid(), "I want to kill myself"));

        var opened = await answer.OpenAsync(patient, consultation.Id);

        Assert.NotNull(opened.Chat);
        Assert.True(opened.Chat.Emergency!.IsCrisis);
        Assert.Equal((await fixture.MessagesAsync(consultation.Id)).Select(m => m.Id), opened.Chat.Messages.Select(m => m.Id));
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "consultation.view" && e.ResourceId == consultation.Id.ToString()));
    }
}
