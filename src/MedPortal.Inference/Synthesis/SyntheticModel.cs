using System.Globalization;

namespace MedPortal.Inference.Synthesis;

/// <summary>One vocabulary entry: SentencePiece piece, score and llama token type (1 normal, 2 unknown, 3 control, 6 byte).</summary>
public sealed record VocabularyToken(string Piece, float Score, int Type);

/// <summary>
/// The architecture of a llama-family model: what decides its speed and memory, not what it knows.
/// </summary>
/// <param name="Name">Written as <c>general.name</c>.</param>
/// <param name="Blocks">Transformer blocks (<c>llama.block_count</c>).</param>
/// <param name="Embedding">Hidden size (<c>n_embd</c>).</param>
/// <param name="FeedForward">Feed-forward size (<c>n_ff</c>).</param>
/// <param name="Heads">Attention heads.</param>
/// <param name="KvHeads">Key/value heads (grouped-query attention when fewer than <paramref name="Heads"/>).</param>
/// <param name="VocabularySize">Tokens; 0 = only the built-in test vocabulary, unpadded.</param>
/// <param name="ContextLength">Trained context (<c>llama.context_length</c>).</param>
/// <param name="Type">Type of the weight matrices (token embedding and output included); norms are always F32.</param>
/// <param name="Amplitude">Random weights are uniform in ±this (before quantisation).</param>
public sealed record ModelShape(string Name, int Blocks, int Embedding, int FeedForward, int Heads, int KvHeads, int VocabularySize,
    int ContextLength, GgmlType Type, float Amplitude)
{
    /// <summary>
    /// TinyLlama-1.1B-Chat's shape. llama.cpp's own Q4_0 file keeps <c>output.weight</c> at Q6_K (638 MB); these are
    /// "pure" files, every matrix of the named type (Q4_0 619 MB, Q8_0 1.17 GB).
    /// </summary>
    public static IReadOnlyDictionary<string, ModelShape> Known { get; } = new Dictionary<string, ModelShape>(StringComparer.Ordinal)
    {
        ["tinyllama-1.1b-q4_0"] = new("tinyllama-1.1b-q4_0", 22, 2048, 5632, 32, 4, 32_000, 2048, GgmlType.Q4_0, 0.1f),
        ["tinyllama-1.1b-q8_0"] = new("tinyllama-1.1b-q8_0", 22, 2048, 5632, 32, 4, 32_000, 2048, GgmlType.Q8_0, 0.1f),
    };

    /// <summary>The tensors of this shape in file order: name, dimensions and type.</summary>
    public IReadOnlyList<(string Name, long[] Shape, GgmlType Type)> Tensors(int vocabularySize)
    {
        var kv = (long)Embedding / Heads * KvHeads;
        var list = new List<(string, long[], GgmlType)> { ("token_embd.weight", [Embedding, vocabularySize], Type) };
        for (var i = 0; i < Blocks; i++)
        {
            list.Add(($"blk.{i}.attn_norm.weight", [Embedding], GgmlType.F32));
            list.Add(($"blk.{i}.attn_q.weight", [Embedding, Embedding], Type));
            list.Add(($"blk.{i}.attn_k.weight", [Embedding, kv], Type));
            list.Add(($"blk.{i}.attn_v.weight", [Embedding, kv], Type));
            list.Add(($"blk.{i}.attn_output.weight", [Embedding, Embedding], Type));
            list.Add(($"blk.{i}.ffn_norm.weight", [Embedding], GgmlType.F32));
            list.Add(($"blk.{i}.ffn_gate.weight", [Embedding, FeedForward], Type));
            list.Add(($"blk.{i}.ffn_up.weight", [Embedding, FeedForward], Type));
            list.Add(($"blk.{i}.ffn_down.weight", [FeedForward, Embedding], Type));
        }
        list.Add(("output_norm.weight", [Embedding], GgmlType.F32));
        list.Add(("output.weight", [Embedding, vocabularySize], Type));
        return list;
    }
}

/// <summary>
/// Writes random-weights GGUF models of a given <see cref="ModelShape"/> that the real llama.cpp loads and runs: the
/// speed of a model depends on its shape and types, not on the values of its weights. Deterministic for a seed.
/// </summary>
public static class SyntheticModel
{
    /// <summary>ChatML, so the chat template's markers are control tokens of the vocabulary.</summary>
    public const string ChatTemplate = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

    private static readonly string[] Words =
    [
        "the", "patient", "has", "chest", "pain", "fever", "cough", "and", "a", "sore", "throat", "since", "yesterday",
        "nurse", "will", "review", "this", "hello", "world", "is", "not", "no", "headache", "rash", "today", "please",
    ];

    /// <summary>The built-in vocabulary: control, byte, ChatML, whole-word and letter tokens (a few hundred).</summary>
    public static IReadOnlyList<VocabularyToken> BaseVocabulary { get; } = Vocabulary(0);

    /// <summary>
    /// The built-in vocabulary padded to <paramref name="size"/> tokens (when larger) with ordinary pieces of two and
    /// three letters, scored below the whole words so that those still tokenise as one token each.
    /// </summary>
    public static IReadOnlyList<VocabularyToken> Vocabulary(int size)
    {
        var vocab = new List<VocabularyToken> { new("<unk>", 0, 2), new("<s>", 0, 3), new("</s>", 0, 3) };
        for (var b = 0; b < 256; b++)
        {
            vocab.Add(new($"<0x{b:X2}>", 0, 6));
        }
        vocab.Add(new("<|im_start|>", 0, 3));
        vocab.Add(new("<|im_end|>", 0, 3));
        var pieces = new SortedSet<string>(StringComparer.Ordinal) { "▁" };
        foreach (var word in Words)
        {
            // SentencePiece merges neighbours only into pieces in the vocab, so every prefix of a word is a piece.
            var piece = "▁" + word;
            for (var n = 2; n <= piece.Length; n++)
            {
                pieces.Add(piece[..n]);
            }
        }
        const string letters = "abcdefghijklmnopqrstuvwxyz";
        foreach (var c in letters)
        {
            pieces.Add(c.ToString());
        }
        // Longer is better among the words' pieces.
        foreach (var piece in pieces)
        {
            vocab.Add(new(piece, -100f + piece.Length, 1));
        }
        var fillers = letters.Select(c => "▁" + c)
            .Concat(letters.SelectMany(a => letters.Select(b => $"{a}{b}")))
            .SelectMany(p => new[] { p, "▁" + p })
            .Concat(letters.SelectMany(a => letters.SelectMany(b => letters.Select(c => $"{a}{b}{c}"))).SelectMany(p => new[] { "▁" + p, p }));
        using var next = fillers.Where(p => !pieces.Contains(p)).Distinct().GetEnumerator();
        var counter = 0;
        while (vocab.Count < size)
        {
            var piece = next.MoveNext() ? next.Current : string.Create(CultureInfo.InvariantCulture, $"▁tok{counter++}");
            vocab.Add(new(piece, -200f + piece.Length, 1));
        }
        return vocab;
    }

    /// <summary>Writes a model of <paramref name="shape"/> to <paramref name="path"/> and returns the file's size.</summary>
    public static long Write(ModelShape shape, string path, int seed = 42, bool withChatTemplate = true)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var vocabulary = Vocabulary(shape.VocabularySize);
        var writer = new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("general.name", shape.Name)
            .Add("general.file_type", FileType(shape.Type))
            .Add("llama.context_length", (uint)shape.ContextLength)
            .Add("llama.embedding_length", (uint)shape.Embedding)
            .Add("llama.block_count", (uint)shape.Blocks)
            .Add("llama.feed_forward_length", (uint)shape.FeedForward)
            .Add("llama.attention.head_count", (uint)shape.Heads)
            .Add("llama.attention.head_count_kv", (uint)shape.KvHeads)
            .Add("llama.rope.dimension_count", (uint)(shape.Embedding / shape.Heads))
            .Add("llama.attention.layer_norm_rms_epsilon", 1e-5f)
            .Add("tokenizer.ggml.model", "llama")
            .Add("tokenizer.ggml.tokens", vocabulary.Select(t => t.Piece).ToArray())
            .Add("tokenizer.ggml.scores", vocabulary.Select(t => t.Score).ToArray())
            .Add("tokenizer.ggml.token_type", vocabulary.Select(t => t.Type).ToArray())
            .Add("tokenizer.ggml.unknown_token_id", 0u)
            .Add("tokenizer.ggml.bos_token_id", 1u)
            .Add("tokenizer.ggml.eos_token_id", 2u)
            .Add("tokenizer.ggml.add_bos_token", true)
            .Add("tokenizer.ggml.add_eos_token", false);
        if (withChatTemplate)
        {
            writer.Add("tokenizer.chat_template", ChatTemplate);
        }
        var index = 0;
        foreach (var (name, dimensions, type) in shape.Tensors(vocabulary.Count))
        {
            var random = new Uniform(seed, index++, shape.Amplitude);
            // Norm weights of 1 keep the activations finite through any number of blocks.
            writer.AddTensor(name, dimensions, type, name.EndsWith("_norm.weight", StringComparison.Ordinal) ? chunk => chunk.Fill(1f) : random.Fill);
        }
        return writer.Write(path);
    }

    // llama_ftype: 0 all F32, 1 mostly F16, 2 mostly Q4_0, 7 mostly Q8_0.
    private static uint FileType(GgmlType type) => type switch
    {
        GgmlType.F32 => 0,
        GgmlType.F16 => 1,
        GgmlType.Q4_0 => 2,
        GgmlType.Q8_0 => 7,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "no llama file type"),
    };

    /// <summary>A fast, seeded uniform source (xorshift64*): a billion weights in seconds, the same for a seed.</summary>
    private sealed class Uniform(int seed, int stream, float amplitude)
    {
        private ulong state = (((ulong)(uint)seed << 32) | (uint)stream) * 0x9E3779B97F4A7C15UL | 1;

        public void Fill(Span<float> chunk)
        {
            var scale = 2 * amplitude / (1 << 24);
            for (var i = 0; i < chunk.Length; i++)
            {
                state ^= state >> 12;
                state ^= state << 25;
                state ^= state >> 27;
                chunk[i] = (int)((state * 0x2545F4914F6CDD1DUL) >> 40) * scale - amplitude;
            }
        }
    }
}
