using MedPortal.Core.Consultations;
using MedPortal.Core.Consultations.Chat;
using MedPortal.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace MedPortal.Tests.Core.Consultations;

public sealed class AssistantReplyWriterTests(ConsultationFixture fixture) : IClassFixture<ConsultationFixture>
{
    private async Task<ConsultationMessage> NewReplyAsync()
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);
        return await fixture.Conversation.AppendAssistantMessageAsync(patient, consultation.Id, MessageAuthor.Assistant, "", MessageState.Streaming, "onset");
    }

    private static ChatOptions Options() => new();

    [Fact]
    public async Task Stream_ModelCompletes_TextStoredComplete()
    {
        var target = await NewReplyAsync();
        var client = new ScriptedChatClient(ScriptedChatClient.Words("When did it start?"), TimeSpan.Zero);
        var seen = new List<string>();

        var outcome = await fixture.ReplyWriter.StreamAsync(target, client, [], Options(), "fallback", t => { seen.Add(t); return Task.CompletedTask; }, CancellationToken.None);

        Assert.Equal(ReplyOutcomeKind.Completed, outcome.Kind);
        Assert.Equal(["When", "When did", "When did it", "When did it start?"], seen);
        var stored = Assert.Single(await fixture.MessagesAsync(target.ConsultationId), m => m.Id == target.Id);
        Assert.Equal(("When did it start?", MessageState.Complete), (stored.Content, stored.State));
    }

    [Fact]
    public async Task Stream_StoppedMidway_PartialTextKeptIncomplete()
    {
        var target = await NewReplyAsync();
        var client = new ScriptedChatClient(ScriptedChatClient.Words("one two three four five six seven eight"), TimeSpan.FromMilliseconds(40));
        using var stop = new CancellationTokenSource();

        var outcome = await fixture.ReplyWriter.StreamAsync(target, client, [], Options(), "fallback", t =>
        {
            if (t.EndsWith("three", StringComparison.Ordinal))
            {
                stop.Cancel();
            }
            return Task.CompletedTask;
        }, stop.Token);

        Assert.Equal(ReplyOutcomeKind.Stopped, outcome.Kind);
        var stored = Assert.Single(await fixture.MessagesAsync(target.ConsultationId), m => m.Id == target.Id);
        Assert.Equal(MessageState.Incomplete, stored.State);
        Assert.Equal("one two three", stored.Content);
    }

    [Fact]
    public async Task Stream_ModelCrashesMidStream_PartialTextKeptIncompleteFailed()
    {
        var target = await NewReplyAsync();
        var client = new ScriptedChatClient(ScriptedChatClient.Words("alpha beta gamma delta"), TimeSpan.Zero, failAfterTokens: 2, failTimes: 1);

        var outcome = await fixture.ReplyWriter.StreamAsync(target, client, [], Options(), "fallback", _ => Task.CompletedTask, CancellationToken.None);

        Assert.Equal(ReplyOutcomeKind.Failed, outcome.Kind);
        var stored = Assert.Single(await fixture.MessagesAsync(target.ConsultationId), m => m.Id == target.Id);
        Assert.Equal(("alpha beta", MessageState.Incomplete), (stored.Content, stored.State));
    }

    [Fact]
    public async Task Stream_ModelClaimsDiagnosis_ReplacedByProtocolWording()
    {
        var target = await NewReplyAsync();
        var client = new ScriptedChatClient(ScriptedChatClient.Words("Thanks. You probably have strep throat, so rest."), TimeSpan.Zero);
        string? last = null;

        var outcome = await fixture.ReplyWriter.StreamAsync(target, client, [], Options(), "When did this start?", t => { last = t; return Task.CompletedTask; }, CancellationToken.None);

        Assert.Equal("When did this start?", outcome.Text);
        Assert.Equal("When did this start?", last);
        Assert.Equal("When did this start?", Assert.Single(await fixture.MessagesAsync(target.ConsultationId), m => m.Id == target.Id).Content);
    }

    [Fact]
    public async Task Stream_ModelSaysNothing_ProtocolWordingInstead()
    {
        var target = await NewReplyAsync();
        var client = new ScriptedChatClient([" ", ""], TimeSpan.Zero);

        var outcome = await fixture.ReplyWriter.StreamAsync(target, client, [], Options(), "How old are you?", _ => Task.CompletedTask, CancellationToken.None);

        Assert.Equal("How old are you?", outcome.Text);
    }

    [Fact]
    public async Task StreamProtocol_ExactWording_StreamedWordByWord()
    {
        var target = await NewReplyAsync();
        var updates = 0;

        var outcome = await fixture.ReplyWriter.StreamProtocolAsync(target, "Do you take any medicines?", _ => { updates++; return Task.CompletedTask; }, CancellationToken.None);

        Assert.Equal("Do you take any medicines?", outcome.Text);
        Assert.Equal(5, updates);
    }
}
