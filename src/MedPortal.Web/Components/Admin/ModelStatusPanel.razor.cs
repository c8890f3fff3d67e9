using MedPortal.Inference;
using Microsoft.AspNetCore.Components;

namespace MedPortal.Web.Components.Admin;

/// <summary>
/// What the administrator sees of the chat model: its state (none or failed: chats run in protocol-only mode; loading;
/// ready), which model, why it failed, and the configured context and threads.
/// </summary>
public partial class ModelStatusPanel
{
    /// <summary>The model's state.</summary>
    [Parameter, EditorRequired] public required ModelState State { get; set; }

    /// <summary>The loaded (or loading) model's file name, if any.</summary>
    [Parameter] public string? ModelName { get; set; }

    /// <summary>Why the model failed, if it did.</summary>
    [Parameter] public string? Reason { get; set; }

    /// <summary>The inference settings.</summary>
    [Parameter, EditorRequired] public required InferenceOptions Options { get; set; }

    /// <summary>The state in words.</summary>
    public static string StateText(ModelState state) => state switch
    {
        ModelState.Ready => "Ready",
        ModelState.Loading => "Loading…",
        ModelState.Failed => "Failed: chats run in protocol-only mode",
        _ => "No model: chats run in protocol-only mode",
    };
}
