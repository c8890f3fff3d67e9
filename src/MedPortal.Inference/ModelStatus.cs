namespace MedPortal.Inference;

/// <summary>Lifecycle state of the local model.</summary>
public enum ModelState
{
    /// <summary>No model path is configured; the app runs in protocol-only mode.</summary>
    NotConfigured,
    /// <summary>A model is being loaded.</summary>
    Loading,
    /// <summary>The model is loaded and serving requests.</summary>
    Ready,
    /// <summary>Loading or serving failed; see <see cref="ModelStatusMonitor.Reason"/>.</summary>
    Failed,
}

/// <summary>Thread-safe view of the model status that the app and health checks read.</summary>
public sealed class ModelStatusMonitor
{
    private readonly Lock _gate = new();

    /// <summary>Current state.</summary>
    public ModelState State { get; private set; } = ModelState.NotConfigured;

    /// <summary>Why the state is what it is (failure reason), or null.</summary>
    public string? Reason { get; private set; }

    /// <summary>File name of the current model, or null.</summary>
    public string? ModelName { get; private set; }

    /// <summary>True when a model is loaded and serving.</summary>
    public bool IsReady => State == ModelState.Ready;

    /// <summary>Raised after every state change.</summary>
    public event Action? Changed;

    /// <summary>Sets the state atomically and notifies listeners.</summary>
    public void Set(ModelState state, string? modelName, string? reason = null)
    {
        lock (_gate)
        {
            State = state;
            ModelName = modelName;
            Reason = reason;
        }

        Changed?.Invoke();
    }
}
