using Bunit;
using MedPortal.Core.Consultations;
using MedPortal.Core.Identity;
using MedPortal.Web.Components.Chat;

namespace MedPortal.Tests.Web.Components.Chat;

public sealed class ChatMessageListTests : ChatTestContext
{
    [Fact]
    public void NurseMessage_AuthorsGiven_EachMessageShowsItsWritersName()
    {
        var messages = new List<ConsultationMessage>
        {
            new() { Sequence = 1, Author = MessageAuthor.Patient, Content = "sore throat" },
            new() { Sequence = 2, Author = MessageAuthor.Nurse, AuthorId = "nurse-1", Content = "Rest and fluids." },
            new() { Sequence = 3, Author = MessageAuthor.Nurse, AuthorId = "nurse-2", Content = "Call us if it gets worse." },
        };
        var authors = new PersonNames(new Dictionary<string, string> { ["nurse-1"] = "Nina Okafor", ["nurse-2"] = "Sam Reyes" });

        var cut = Render<ChatMessageList>(p => p.Add(c => c.Messages, messages).Add(c => c.Authors, authors));

        Assert.Equal(["You", "Nina Okafor, nurse", "Sam Reyes, nurse"], cut.FindAll(".mp-msg-who").Select(e => e.TextContent));
    }
}
