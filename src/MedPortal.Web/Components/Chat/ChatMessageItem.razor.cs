using MedPortal.Core.Consultations;
using Microsoft.AspNetCore.Components;

namespace MedPortal.Web.Components.Chat;

/// <summary>One stored message. Re-renders only when its text or state changes, never on another message's tokens.</summary>
public partial class ChatMessageItem
{
    private (string Content, MessageState State, bool Retry, string? AuthorName) rendered;

    /// <summary>The message to show.</summary>
    [Parameter, EditorRequired] public required ConsultationMessage Message { get; set; }

    /// <summary>The care-team member's name for a nurse's message; null when it is not known (shown as "Nurse").</summary>
    [Parameter] public string? AuthorName { get; set; }

    /// <summary>Offered on an incomplete reply when it is the latest one.</summary>
    [Parameter] public EventCallback OnRetry { get; set; }

    private string Who => Message.Author switch
    {
        MessageAuthor.Patient => "You",
        MessageAuthor.Assistant => "Assistant",
        MessageAuthor.Nurse => AuthorName is { } name ? $"{name}, nurse" : "Nurse",
        MessageAuthor.System => "MedPortal",
        _ => "",
    };

    protected override bool ShouldRender()
    {
        var now = (Message.Content, Message.State, OnRetry.HasDelegate, AuthorName);
        if (now == rendered)
        {
            return false;
        }
        rendered = now;
        return true;
    }
}
