using MedPortal.Core.Consultations.Chat;
using Microsoft.Extensions.AI;

namespace MedPortal.Web.Chat;

/// <summary>Whether the configured chat model can answer right now.</summary>
internal interface IAssistantModelReadiness
{
    bool IsReady { get; }
}

/// <summary>
/// Chooses who phrases the assistant's replies right now: the configured model when it is ready, otherwise the
/// protocol's own words (protocol-only mode, shown on the page).
/// </summary>
internal sealed class AssistantModel(IServiceProvider services) : IAssistantModelSource
{
    /// <summary>The model client when one is configured and ready to answer, else null.</summary>
    public IChatClient? ReadyModel
    {
        get
        {
            var model = services.GetService<IChatClient>();
            return model is not null && services.GetService<IAssistantModelReadiness>() is { IsReady: true } ? model : null;
        }
    }

    /// <summary>What the page says about the assistant.</summary>
    public string Describe() => ReadyModel is { } model
        ? $"AI model: {model.GetService<ChatClientMetadata>()?.DefaultModelId ?? "local model"}"
        : "Protocol-only mode: no AI model is loaded, so questions come from the clinic's interview protocol.";
}

/// <summary>The assistant model is ready when the inference status says so (local model loaded, or a remote server configured).</summary>
internal sealed class ModelStatusReadiness(MedPortal.Inference.ModelStatusMonitor status) : IAssistantModelReadiness
{
    public bool IsReady => status.IsReady;
}
