using Microsoft.Extensions.Options;

namespace MedPortal.Inference;

/// <summary>Configuration section "Inference".</summary>
public sealed class InferenceOptions
{
    /// <summary>Path to a GGUF model; null or empty means no local model (protocol-only mode).</summary>
    public string? ModelPath { get; set; }

    /// <summary>Layers to offload to the GPU; -1 = all, 0 = CPU only.</summary>
    public int GpuLayers { get; set; }

    /// <summary>CPU threads for llama.cpp (1..processor count).</summary>
    public int Threads { get; set; } = 1;

    /// <summary>Context size in tokens shared by all sequences.</summary>
    public int ContextSize { get; set; } = 8192;

    /// <summary>Logical batch size for decode.</summary>
    public int BatchSize { get; set; } = 512;

    /// <summary>Maximum concurrent sequences in one context.</summary>
    public int MaxParallelSequences { get; set; } = 4;

    /// <summary>
    /// The folder whose GGUF files the admin model page offers and accepts (nothing outside it, also not through
    /// <c>..</c> or links); null = MEDPORTAL_MODELS_DIR, else <c>.data/models</c> found upward from the app.
    /// </summary>
    public string? ModelsDirectory { get; set; }

    /// <summary>Folder holding the llama.cpp natives; null = search .data/natives upward from the app folder.</summary>
    public string? NativeDirectory { get; set; }

    /// <summary>Local (llama.cpp in this process), Remote (an OpenAI-compatible server) or None (protocol-only).</summary>
    public InferenceProvider Provider { get; set; } = InferenceProvider.Local;

    /// <summary>With Provider=Remote: the server's base address, e.g. http://gpu-box:8080/.</summary>
    public string? RemoteUrl { get; set; }

    /// <summary>With Provider=Remote: the model name the server knows.</summary>
    public string RemoteModel { get; set; } = "default";

    /// <summary>
    /// With Provider=Remote: seconds to wait for the server's response headers, and for each next part of a streamed
    /// reply (a long reply that keeps streaming is never cut off). 1–3600.
    /// </summary>
    public int RemoteTimeoutSeconds { get; set; } = 60;

    /// <summary>With Provider=Remote: sent as <c>Authorization: Bearer …</c> when set. Never logged.</summary>
    public string? RemoteApiKey { get; set; }

    /// <summary>
    /// With Provider=Remote: allow plain http to a server on this machine (127.0.0.1, ::1, localhost). Every other
    /// address must be https, since patient transcripts travel to it.
    /// </summary>
    public bool RemoteAllowHttpLoopback { get; set; }

    /// <summary>
    /// With Provider=Remote: remove identifiers (names, dates, addresses, numbers …) from every message before it is sent
    /// to the server. On unless set to false; the host supplies the de-identifier (Inference itself knows no patients).
    /// </summary>
    public bool RemoteDeidentify { get; set; } = true;
}

internal sealed class InferenceOptionsValidator : IValidateOptions<InferenceOptions>
{
    public ValidateOptionsResult Validate(string? name, InferenceOptions o)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(o.ModelPath) && !File.Exists(o.ModelPath))
        {
            errors.Add($"Inference:ModelPath '{o.ModelPath}' does not exist. Run './medportal model fetch NAME' or clear the setting.");
        }

        if (o.GpuLayers < -1) errors.Add("Inference:GpuLayers must be -1 (all), 0 (CPU) or a positive layer count.");
        if (o.Threads < 1 || o.Threads > Environment.ProcessorCount) errors.Add($"Inference:Threads must be between 1 and {Environment.ProcessorCount}.");
        if (o.ContextSize < 64) errors.Add("Inference:ContextSize must be at least 64.");
        if (o.BatchSize < 1 || o.BatchSize > o.ContextSize) errors.Add("Inference:BatchSize must be between 1 and ContextSize.");
        if (o.Provider == InferenceProvider.Remote)
        {
            ValidateRemote(o, errors);
        }
        if (o.MaxParallelSequences < 1 || o.MaxParallelSequences > 256) errors.Add("Inference:MaxParallelSequences must be between 1 and 256.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateRemote(InferenceOptions o, List<string> errors)
    {
        if (!Uri.TryCreate(o.RemoteUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            errors.Add("Inference:RemoteUrl must be an absolute https address (e.g. https://gpu-box:8443/) when Inference:Provider is Remote.");
        }
        else if (url.Scheme == "http" && !url.IsLoopback)
        {
            errors.Add($"Inference:RemoteUrl '{url}' is plain http: patient transcripts would travel unencrypted. Use https; plain http is accepted only for a server on this machine (127.0.0.1, ::1, localhost) with Inference:RemoteAllowHttpLoopback=true.");
        }
        else if (url.Scheme == "http" && !o.RemoteAllowHttpLoopback)
        {
            errors.Add($"Inference:RemoteUrl '{url}' is plain http on this machine: set Inference:RemoteAllowHttpLoopback=true to allow it, or use https.");
        }
        if (o.RemoteTimeoutSeconds is < 1 or > 3600)
        {
            errors.Add("Inference:RemoteTimeoutSeconds must be between 1 and 3600 (seconds to wait for the server to answer, and for each next part of a reply).");
        }
        if (o.RemoteApiKey is { } key && (key.Length == 0 || key.Any(char.IsWhiteSpace)))
        {
            errors.Add("Inference:RemoteApiKey must be the bare token without spaces (it is sent as 'Authorization: Bearer <token>'), or left unset.");
        }
    }
}

/// <summary>Where MedPortal's language model runs.</summary>
public enum InferenceProvider
{
    /// <summary>No model: protocol-only mode.</summary>
    None,

    /// <summary>llama.cpp inside MedPortal (<see cref="InferenceHost"/>).</summary>
    Local,

    /// <summary>An OpenAI-compatible server (llama-server, vLLM, Ollama).</summary>
    Remote,
}
