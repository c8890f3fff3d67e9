namespace MedPortal.Inference;

/// <summary>Who is waiting: interactive chat before summaries before batch work.</summary>
public enum InferencePriority
{
    /// <summary>A patient or clinician is watching the tokens arrive.</summary>
    Interactive = 0,

    /// <summary>A summary draft with a progress bar.</summary>
    Summary = 1,

    /// <summary>Evaluation or other background work.</summary>
    Batch = 2,
}

/// <summary>How one sequence samples.</summary>
/// <param name="MaxTokens">Stop after this many generated tokens.</param>
/// <param name="Temperature">0 (or less) is greedy.</param>
/// <param name="TopP">Nucleus sampling (1 = off).</param>
/// <param name="Seed">Seed of the random draw.</param>
/// <param name="StopStrings">Generation ends before any of these appears; it is not emitted.</param>
/// <param name="SuppressEndOfGeneration">Never sample an end-of-generation token (tests use it for exact token counts).</param>
public sealed record SamplingOptions(
    int MaxTokens = 256,
    float Temperature = 0f,
    float TopP = 1f,
    uint Seed = 42,
    IReadOnlyList<string>? StopStrings = null,
    bool SuppressEndOfGeneration = false);

/// <summary>Why a sequence ended.</summary>
public enum FinishReason
{
    /// <summary>The model produced an end-of-generation token.</summary>
    EndOfGeneration,

    /// <summary>Max tokens reached, or the sequence's share of the context is full (the documented truncation policy).</summary>
    Length,

    /// <summary>A stop string appeared.</summary>
    Stop,

    /// <summary>The caller cancelled.</summary>
    Cancelled,
}

/// <summary>One piece of streamed output.</summary>
/// <param name="Text">Complete characters (never half of a multi-byte character); empty on the final chunk.</param>
/// <param name="Token">The token id, or -1 on the final chunk.</param>
/// <param name="Finish">Set on the final chunk.</param>
public sealed record GeneratedChunk(string Text, int Token, FinishReason? Finish = null);

/// <summary>The prompt does not fit the context a sequence may use.</summary>
public sealed class ContextOverflowException(string message) : Exception(message);
