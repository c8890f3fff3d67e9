using Bunit;
using MedPortal.Core.Consultations.Chat;
using MedPortal.Web.Components.Chat;

namespace MedPortal.Tests.Web.Components.Chat;

public sealed class ChatInputTests : ChatTestContext
{
    private readonly List<string> sent = [];

    private IRenderedComponent<ChatInput> RenderInput(bool disabled = false, bool streaming = false) => Render<ChatInput>(p => p
        .Add(c => c.OnSend, text => { sent.Add(text); return Task.FromResult(true); })
        .Add(c => c.Disabled, disabled)
        .Add(c => c.Streaming, streaming));

    [Fact]
    public void Typing_OverTheLimit_FlaggedAndSendDisabled()
    {
        var cut = RenderInput();

        cut.Find("[data-testid=chat-input]").Input(new string('a', ChatLimits.MaxMessageLength + 1));

        Assert.Contains("Too long", cut.Find("[data-testid=char-count]").TextContent, StringComparison.Ordinal);
        Assert.True(cut.Find("button[data-testid=send]").HasAttribute("disabled"));
    }

    [Fact]
    public void Typing_AtTheLimit_CountedAndSendEnabled()
    {
        var cut = RenderInput();

        cut.Find("[data-testid=chat-input]").Input(new string('a', ChatLimits.MaxMessageLength));

        Assert.DoesNotContain("Too long", cut.Find("[data-testid=char-count]").TextContent, StringComparison.Ordinal);
        Assert.False(cut.Find("button[data-testid=send]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Enter_OverTheLimit_NotSentAndTextKept()
    {
        var cut = RenderInput();
        var text = new string('b', ChatLimits.MaxMessageLength + 1);

        var accepted = true;
        await cut.InvokeAsync(async () => accepted = await cut.Instance.SendFromKeyboard(text));

        Assert.False(accepted);
        Assert.Empty(sent);
        Assert.Contains("Too long", cut.Find("[data-testid=char-count]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Enter_WithText_SentOnce()
    {
        var cut = RenderInput();

        var accepted = false;
        await cut.InvokeAsync(async () => accepted = await cut.Instance.SendFromKeyboard("my head hurts\nsince Monday"));

        Assert.True(accepted);
        Assert.Equal(["my head hurts\nsince Monday"], sent);
    }

    [Fact]
    public async Task Enter_WhileDisabledOrBlank_NotSent()
    {
        var disabled = RenderInput(disabled: true);
        var blank = RenderInput();

        var results = new List<bool>();
        await disabled.InvokeAsync(async () => results.Add(await disabled.Instance.SendFromKeyboard("hello")));
        await blank.InvokeAsync(async () => results.Add(await blank.Instance.SendFromKeyboard("   ")));

        Assert.Equal([false, false], results);
        Assert.Empty(sent);
    }

    [Fact]
    public void Render_KeyboardHandlerAttachedToTheTextBox()
    {
        // Enter sends and Shift+Enter adds a line in chat.js (the decision must be made before the key's default
        // action); the browser test ShiftEnter_NewLine_EnterSends covers the keys themselves.
        var cut = RenderInput();

        var attach = ChatModule.VerifyInvoke("attachInput");
        Assert.IsType<Microsoft.AspNetCore.Components.ElementReference>(attach.Arguments[0]);
        Assert.NotNull(cut.Find("textarea[data-testid=chat-input]"));
    }

    [Fact]
    public void SendButton_Clicked_SentAndBoxCleared()
    {
        var cut = RenderInput();
        cut.Find("[data-testid=chat-input]").Input("sore throat");

        cut.Find("button[data-testid=send]").Click();

        Assert.Equal(["sore throat"], sent);
        Assert.StartsWith("0 /", cut.Find("[data-testid=char-count]").TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Streaming_StopShownAndCallsBack()
    {
        var stopped = 0;
        var cut = Render<ChatInput>(p => p
            .Add(c => c.OnSend, _ => Task.FromResult(true))
            .Add(c => c.Streaming, true)
            .Add(c => c.OnStop, () => stopped++));

        cut.Find("button[data-testid=stop]").Click();

        Assert.Equal(1, stopped);
    }
}
