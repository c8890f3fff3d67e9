using MedPortal.Core.Consultations;
using MedPortal.Core.Consultations.Chat;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace MedPortal.Web.Components.Chat;

/// <summary>
/// The conversation: stored messages, the one reply streaming (rendered by <see cref="StreamingMessage"/> from its
/// feed), and messages still being sent. Scrolls to the newest after each render of the list.
/// </summary>
public partial class ChatMessageList
{
    private ElementReference list;
    private IJSObjectReference? module;

    /// <summary>The stored messages, in order.</summary>
    [Parameter, EditorRequired] public required IReadOnlyList<ConsultationMessage> Messages { get; set; }

    /// <summary>The names of the care-team members who wrote messages.</summary>
    [Parameter] public MedPortal.Core.Identity.PersonNames Authors { get; set; } = MedPortal.Core.Identity.PersonNames.None;

    /// <summary>Messages typed but not stored yet.</summary>
    [Parameter] public IReadOnlyList<PendingChatMessage> Pending { get; set; } = [];

    /// <summary>The reply streaming now, if any.</summary>
    [Parameter] public ReplyFeed? Feed { get; set; }

    /// <summary>Whether a message offers Retry.</summary>
    [Parameter] public Func<ConsultationMessage, bool> CanRetry { get; set; } = _ => false;

    /// <summary>Retries the incomplete latest reply.</summary>
    [Parameter] public EventCallback OnRetry { get; set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        try
        {
            module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/chat.js");
            await module.InvokeVoidAsync("scrollToEnd", list);
        }
        catch (JSDisconnectedException)
        {
            // The page went away.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (module is not null)
        {
            try
            {
                await module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }
}

/// <summary>A message the patient sent that is not stored yet.</summary>
/// <param name="ClientId">The id it is sent with (stored once however often it is retried).</param>
/// <param name="Text">What the patient typed.</param>
public sealed record PendingChatMessage(Guid ClientId, string Text)
{
    /// <summary>Why it is not stored yet, when something went wrong.</summary>
    public string? Problem { get; set; }
}
