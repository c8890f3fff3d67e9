using MedPortal.Inference.Synthesis;

namespace MedPortal.Tests.Inference;

/// <summary>
/// The tiny random-weights "llama" model the tests load through the real llama.cpp: 2 blocks, n_embd 64, 4 heads,
/// n_ff 128, F32, and the built-in SentencePiece vocabulary of <see cref="SyntheticModel"/>. About 0.5 MB.
/// </summary>
public static class TinyGguf
{
    /// <summary>The shape written by <see cref="Write"/>.</summary>
    public static ModelShape Shape { get; } = new("medportal-tiny-test", Blocks: 2, Embedding: 64, FeedForward: 128, Heads: 4, KvHeads: 4,
        VocabularySize: 0, ContextLength: 8192, GgmlType.F32, Amplitude: 0.5f);

    /// <summary>The vocabulary: id → (piece, score, type).</summary>
    public static IReadOnlyList<VocabularyToken> Vocabulary => SyntheticModel.BaseVocabulary;

    /// <summary>Writes the model and returns its path.</summary>
    public static string Write(string path, int seed = 42, bool withChatTemplate = true)
    {
        SyntheticModel.Write(Shape, path, seed, withChatTemplate);
        return path;
    }
}
