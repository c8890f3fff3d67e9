using MedPortal.Core.Consultations;
using MedPortal.Core.Consultations.Chat;

namespace MedPortal.Tests.Core.Consultations;

public sealed class ChatLimitsTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("a\0b\u0001c\u001Fd", "abcd")]
    [InlineData("line one\nline two\r\n\tindented", "line one\nline two\r\n\tindented")]
    [InlineData("naïve 😷 39°C", "naïve 😷 39°C")]
    public void Printable_ModelBytes_ControlCharactersDroppedTextKept(string input, string expected) =>
        Assert.Equal(expected, ChatLimits.Printable(input));
}

public sealed class ReplyWithNulTests(ConsultationFixture fixture) : IClassFixture<ConsultationFixture>
{
    [Fact]
    public async Task SaveReply_ModelEmittedNul_StoredWithoutItNotLost()
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);
        var greeting = (await fixture.MessagesAsync(consultation.Id)).Single();

        await fixture.Conversation.SaveReplyAsync(greeting.Id, "before\0after", MessageState.Complete);

        Assert.Equal("beforeafter", (await fixture.MessagesAsync(consultation.Id)).Single().Content);
    }
}
