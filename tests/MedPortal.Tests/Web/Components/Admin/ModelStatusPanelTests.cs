using Bunit;
using MedPortal.Inference;
using MedPortal.Tests.Web.Components.Chat;
using MedPortal.Web.Components.Admin;

namespace MedPortal.Tests.Web.Components.Admin;

public sealed class ModelStatusPanelTests : ChatTestContext
{
    private static readonly InferenceOptions Options = new() { ContextSize = 8192, MaxParallelSequences = 4, Threads = 2, GpuLayers = 0 };

    private IRenderedComponent<ModelStatusPanel> RenderPanel(ModelState state, string? model = null, string? reason = null) =>
        Render<ModelStatusPanel>(p => p.Add(c => c.State, state).Add(c => c.ModelName, model).Add(c => c.Reason, reason).Add(c => c.Options, Options));

    [Fact]
    public void NotConfigured_SaysChatsRunProtocolOnly()
    {
        var cut = RenderPanel(ModelState.NotConfigured);

        Assert.Equal("NotConfigured", cut.Find("[data-testid=model-status]").GetAttribute("data-state"));
        Assert.Equal("No model: chats run in protocol-only mode", cut.Find("[data-testid=model-state]").TextContent);
        Assert.Equal("none", cut.Find("[data-testid=model-name]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=model-reason]"));
    }

    [Fact]
    public void Loading_SaysLoadingWithTheModelName()
    {
        var cut = RenderPanel(ModelState.Loading, "qwen2.5-1.5b-instruct.gguf");

        Assert.Equal("Loading…", cut.Find("[data-testid=model-state]").TextContent);
        Assert.Equal("qwen2.5-1.5b-instruct.gguf", cut.Find("[data-testid=model-name]").TextContent);
    }

    [Fact]
    public void Ready_SaysReadyAndTheContextPerConversation()
    {
        var cut = RenderPanel(ModelState.Ready, "qwen2.5-1.5b-instruct.gguf");

        Assert.Equal("Ready", cut.Find("[data-testid=model-state]").TextContent);
        Assert.Contains("8192 tokens, 4 parallel conversations (2048 tokens each), 2 thread(s)", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Failed_SaysProtocolOnlyAndWhy()
    {
        var cut = RenderPanel(ModelState.Failed, "broken.gguf", "The file is not a GGUF model.");

        Assert.Equal("Failed: chats run in protocol-only mode", cut.Find("[data-testid=model-state]").TextContent);
        Assert.Equal("The file is not a GGUF model.", cut.Find("[data-testid=model-reason]").TextContent);
    }

    [Fact]
    public void StateChanges_PanelFollows()
    {
        var cut = RenderPanel(ModelState.Loading, "m.gguf");

        cut.Render(p => p.Add(c => c.State, ModelState.Ready));

        Assert.Equal("Ready", cut.Find("[data-testid=model-state]").TextContent);
        Assert.Equal("Ready", cut.Find("[data-testid=model-status]").GetAttribute("data-state"));
    }
}
