using MedPortal.Core.Audit;
using MedPortal.Core.Consultations;
using MedPortal.Core.Consultations.Chat;
using MedPortal.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Tests.Core.Consultations;

public sealed class ConsultationConversationTests(ConsultationFixture fixture) : IClassFixture<ConsultationFixture>
{
    [Fact]
    public async Task AppendPatientMessage_SameClientIdTwice_StoredOnce()
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);
        var clientId = Guid.NewGuid();

        var first = await fixture.Conversation.AppendPatientMessageAsync(patient, consultation.Id, clientId, "My knee hurts");
        var again = await fixture.Conversation.AppendPatientMessageAsync(patient, consultation.Id, clientId, "My knee hurts");

        Assert.Equal(first.Id, again.Id);
        Assert.Single(await fixture.MessagesAsync(consultation.Id), m => m.Author == MessageAuthor.Patient);
    }

    [Fact]
    public async Task AppendPatientMessage_TwentyInOneSecondInOrder_EachStoredOnceInOrder()
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);
        var texts = Enumerable.Range(1, 20).Select(i => $"message {i}").ToList();

        // Sent as the chat sends them: one after another, as fast as the server accepts, each with its own client id.
        var started = DateTime.UtcNow;
        foreach (var text in texts)
        {
            await fixture.Conversation.AppendPatientMessageAsync(patient, consultation.Id, Guid.NewGuid(), text);
        }
        var elapsed = DateTime.UtcNow - started;

        var stored = (await fixture.MessagesAsync(consultation.Id)).Where(m => m.Author == MessageAuthor.Patient).Select(m => m.Content).ToList();
        Assert.Equal(texts, stored);
        Assert.True(elapsed < TimeSpan.FromSeconds(5), $"20 messages took {elapsed}");
    }

    [Fact]
    public async Task AppendPatientMessage_TwentyConcurrentWithRetries_NoDuplicatesConsecutiveSequence()
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);
        var ids = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();

        // Every message is also re-sent once concurrently, as after a dropped connection.
        await Task.WhenAll(ids.Concat(ids).Select((id, i) =>
            fixture.Conversation.AppendPatientMessageAsync(patient, consultation.Id, id, $"m{ids.IndexOf(id)}")));

        var messages = await fixture.MessagesAsync(consultation.Id);
        Assert.Equal(20, messages.Count(m => m.Author == MessageAuthor.Patient));
        Assert.Equal(Enumerable.Range(1, messages.Count), messages.Select(m => m.Sequence));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t ")]
    public async Task AppendPatientMessage_Empty_ClearError(string text)
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);

        var error = await Assert.ThrowsAsync<ChatInputException>(() =>
            fixture.Conversation.AppendPatientMessageAsync(patient, consultation.Id, Guid.NewGuid(), text));

        Assert.Contains("Type a message", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendPatientMessage_OverLimit_ClearErrorNothingStored()
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);

        var error = await Assert.ThrowsAsync<ChatInputException>(() =>
            fixture.Conversation.AppendPatientMessageAsync(patient, consultation.Id, Guid.NewGuid(), new string('x', ChatLimits.MaxMessageLength + 1)));

        Assert.Contains("4,000", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await fixture.MessagesAsync(consultation.Id), m => m.Author == MessageAuthor.Patient);
    }

    [Fact]
    public async Task AppendPatientMessage_ExactlyAtLimitWithNul_StoredWithoutNul()
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);
        var text = "a\0" + new string('b', ChatLimits.MaxMessageLength - 2);

        var stored = await fixture.Conversation.AppendPatientMessageAsync(patient, consultation.Id, Guid.NewGuid(), text);

        Assert.Equal(ChatLimits.MaxMessageLength - 1, stored.Content.Length);
    }

    [Fact]
    public async Task AppendPatientMessage_SomeoneElsesConsultation_Refused()
    {
        var owner = await fixture.NewPatientAsync();
        var other = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(owner);

        await Assert.ThrowsAsync<ChatInputException>(() =>
            fixture.Conversation.AppendPatientMessageAsync(other, consultation.Id, Guid.NewGuid(), "hello"));
    }

    [Fact]
    public async Task AppendPatientMessage_AsNurse_Refused()
    {
        var owner = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(owner);

        await Assert.ThrowsAsync<ChatInputException>(() =>
            fixture.Conversation.AppendPatientMessageAsync(owner with { Role = Roles.Nurse }, consultation.Id, Guid.NewGuid(), "hello"));
    }

    [Fact]
    public async Task Load_ReplyLeftStreamingByRestart_MarkedIncompleteKeepsText()
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);
        var reply = await fixture.Conversation.AppendAssistantMessageAsync(patient, consultation.Id, MessageAuthor.Assistant, "", MessageState.Streaming);
        await fixture.Conversation.SaveReplyAsync(reply.Id, "Half a sent", MessageState.Streaming);

        var loaded = await fixture.Conversation.LoadAsync(patient, consultation.Id, new HashSet<Guid>());

        var message = Assert.Single(loaded!.Messages, m => m.Id == reply.Id);
        Assert.Equal(MessageState.Incomplete, message.State);
        Assert.Equal("Half a sent", message.Content);
    }

    [Fact]
    public async Task Load_ReplyStillStreamingHere_LeftStreaming()
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);
        var reply = await fixture.Conversation.AppendAssistantMessageAsync(patient, consultation.Id, MessageAuthor.Assistant, "", MessageState.Streaming);

        var loaded = await fixture.Conversation.LoadAsync(patient, consultation.Id, new HashSet<Guid> { reply.Id });

        Assert.Equal(MessageState.Streaming, Assert.Single(loaded!.Messages, m => m.Id == reply.Id).State);
    }

    [Fact]
    public async Task Load_EveryView_Audited()
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);

        await fixture.Conversation.LoadAsync(patient, consultation.Id, new HashSet<Guid>());
        await fixture.Conversation.LoadAsync(new AuditActor("intruder", Roles.Patient, null), consultation.Id, new HashSet<Guid>());

        await using var db = await fixture.Contexts.CreateDbContextAsync();
        var actions = await db.AuditEvents.Where(e => e.ResourceId == consultation.Id.ToString()).Select(e => e.Action).ToListAsync();
        Assert.Contains("consultation.create", actions);
        Assert.Contains("consultation.view", actions);
        Assert.Contains("consultation.view-denied", actions);
    }
}
