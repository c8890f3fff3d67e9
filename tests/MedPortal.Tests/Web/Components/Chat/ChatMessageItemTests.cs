using Bunit;
using MedPortal.Core.Consultations;
using MedPortal.Web.Components.Chat;

namespace MedPortal.Tests.Web.Components.Chat;

public sealed class ChatMessageItemTests : ChatTestContext
{
    [Fact]
    public void AssistantMarkdown_ScriptsAndJavascriptLinksRemoved()
    {
        var message = new ConsultationMessage
        {
            Author = MessageAuthor.Assistant,
            Content = "**Call 911** now <script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=alert(3)>",
        };

        var cut = Render<ChatMessageItem>(p => p.Add(c => c.Message, message));

        Assert.Equal("Call 911", cut.Find("strong").TextContent);
        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("img"));
        Assert.DoesNotContain("javascript:", cut.Markup, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(cut.FindAll("[onerror]"));
    }

    [Fact]
    public void PatientText_ShownAsTextNotMarkup()
    {
        var message = new ConsultationMessage { Author = MessageAuthor.Patient, Content = "**not bold** <b>x</b>" };

        var cut = Render<ChatMessageItem>(p => p.Add(c => c.Message, message));

        Assert.Equal("**not bold** <b>x</b>", cut.Find(".mp-msg-text").TextContent);
        Assert.Empty(cut.FindAll("strong"));
        Assert.Equal("You", cut.Find(".mp-msg-who").TextContent);
    }

    [Fact]
    public void IncompleteWithRetry_MarkedAndRetryCallsBack()
    {
        var retried = 0;
        var message = new ConsultationMessage { Author = MessageAuthor.Assistant, Content = "When did", State = MessageState.Incomplete };

        var cut = Render<ChatMessageItem>(p => p.Add(c => c.Message, message).Add(c => c.OnRetry, () => retried++));
        cut.Find("button[data-testid=retry]").Click();

        Assert.Equal("Incomplete", cut.Find("[data-testid=message]").GetAttribute("data-state"));
        Assert.Contains("This reply is incomplete", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(1, retried);
    }

    [Fact]
    public void IncompleteWithoutRetry_MarkedWithoutButton()
    {
        var message = new ConsultationMessage { Author = MessageAuthor.Assistant, Content = "When did", State = MessageState.Incomplete };

        var cut = Render<ChatMessageItem>(p => p.Add(c => c.Message, message));

        Assert.Contains("This reply is incomplete", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=retry]"));
    }

    [Fact]
    public void CompleteReply_NoIncompleteNote()
    {
        var message = new ConsultationMessage { Author = MessageAuthor.Nurse, Content = "Please come in today." };

        var cut = Render<ChatMessageItem>(p => p.Add(c => c.Message, message));

        Assert.Equal("Nurse", cut.Find(".mp-msg-who").TextContent);
        Assert.DoesNotContain("incomplete", cut.Markup, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void NurseMessage_NameKnown_ShowsTheNursesName()
    {
        var message = new ConsultationMessage { Author = MessageAuthor.Nurse, AuthorId = "nurse-1", Content = "Please book an appointment." };

        var cut = Render<ChatMessageItem>(p => p.Add(c => c.Message, message).Add(c => c.AuthorName, "Nina Okafor"));

        Assert.Equal("Nina Okafor, nurse", cut.Find(".mp-msg-who").TextContent);
    }

    [Fact]
    public void NurseMessage_NameUnknown_PlainNurseNeverAnId()
    {
        var message = new ConsultationMessage { Author = MessageAuthor.Nurse, AuthorId = "7457cdaa-1111", Content = "Please book an appointment." };

        var cut = Render<ChatMessageItem>(p => p.Add(c => c.Message, message));

        Assert.Equal("Nurse", cut.Find(".mp-msg-who").TextContent);
        Assert.DoesNotContain("7457cdaa", cut.Markup, StringComparison.Ordinal);
    }
}
