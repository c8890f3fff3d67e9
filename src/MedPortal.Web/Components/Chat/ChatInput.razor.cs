using MedPortal.Core.Consultations.Chat;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace MedPortal.Web.Components.Chat;

/// <summary>The message box: Enter sends, Shift+Enter adds a line; over-long text is kept, flagged and not sent.</summary>
public partial class ChatInput
{
    private ElementReference textarea;
    private string text = "";
    private IJSObjectReference? module;
    private IJSObjectReference? attachment;
    private DotNetObjectReference<ChatInput>? self;

    /// <summary>Called with the text to send; the box clears only when it was accepted for sending.</summary>
    [Parameter, EditorRequired] public required Func<string, Task<bool>> OnSend { get; set; }

    /// <summary>Stops the streaming reply.</summary>
    [Parameter] public EventCallback OnStop { get; set; }

    /// <summary>True while a reply streams (shows Stop).</summary>
    [Parameter] public bool Streaming { get; set; }

    /// <summary>True when the consultation no longer takes messages.</summary>
    [Parameter] public bool Disabled { get; set; }

    private bool TooLong => text.Length > ChatLimits.MaxMessageLength;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }
        try
        {
            module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/chat.js");
            self = DotNetObjectReference.Create(this);
            attachment = await module.InvokeAsync<IJSObjectReference>("attachInput", textarea, self);
        }
        catch (JSDisconnectedException)
        {
            // The page went away while starting.
        }
    }

    /// <summary>Enter in the text box (from chat.js).</summary>
    /// <returns>True when the text was accepted for sending (the script has already cleared the box).</returns>
    [JSInvokable]
    public async Task<bool> SendFromKeyboard(string current)
    {
        if (Disabled || current.Length > ChatLimits.MaxMessageLength || string.IsNullOrWhiteSpace(current))
        {
            text = current;
            StateHasChanged();
            return false;
        }
        var accepted = await OnSend(current);
        if (!accepted)
        {
            text = current;
        }
        StateHasChanged();
        return accepted;
    }

    private async Task SendClickedAsync()
    {
        if (Disabled || string.IsNullOrWhiteSpace(text))
        {
            return;
        }
        if (TooLong)
        {
            StateHasChanged();
            return;
        }
        var sending = text;
        if (await OnSend(sending))
        {
            text = "";
            if (module is not null)
            {
                try
                {
                    await module.InvokeVoidAsync("clearAndFocus", textarea);
                }
                catch (JSDisconnectedException)
                {
                }
            }
        }
        StateHasChanged();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (attachment is not null)
            {
                await attachment.InvokeVoidAsync("dispose");
                await attachment.DisposeAsync();
            }
            if (module is not null)
            {
                await module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone; nothing to detach.
        }
        self?.Dispose();
    }
}
