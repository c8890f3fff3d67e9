using Microsoft.Extensions.AI;

namespace MedPortal.Core.Consultations.Chat;

/// <summary>
/// The chat model the assistant may use right now. Two implementations: the web host's (the configured local or remote
/// model once it reports ready) and a fixed one in tests and tools.
/// </summary>
public interface IAssistantModelSource
{
    /// <summary>The model when one is configured and ready to answer; null means protocol-only mode.</summary>
    IChatClient? ReadyModel { get; }
}
