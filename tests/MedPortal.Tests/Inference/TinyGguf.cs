using System.Text;

namespace MedPortal.Tests.Inference;

/// <summary>
/// Writes a tiny random-weights GGUF v3 "llama" model (2 blocks, n_embd 64, 4 heads, n_ff 128, a SentencePiece vocab of
/// control, byte and word tokens) so the real llama.cpp can load and run it. Deterministic for a given seed.
/// </summary>
public static class TinyGguf
{
    public const int Embedding = 64;
    public const int Heads = 4;
    public const int FeedForward = 128;
    public const int Blocks = 2;
    public const int ContextLength = 8192;

    private static readonly string[] Words =
    [
        "the", "patient", "has", "chest", "pain", "fever", "cough", "and", "a", "sore", "throat", "since", "yesterday",
        "nurse", "will", "review", "this", "hello", "world", "is", "not", "no", "headache", "rash", "today", "please",
    ];

    /// <summary>The vocabulary: id → (piece, score, type).</summary>
    public static IReadOnlyList<(string Piece, float Score, int Type)> Vocabulary { get; } = BuildVocabulary();

    private static List<(string, float, int)> BuildVocabulary()
    {
        var vocab = new List<(string, float, int)> { ("<unk>", 0, 2), ("<s>", 0, 3), ("</s>", 0, 3) };
        for (var b = 0; b < 256; b++)
        {
            vocab.Add(($"<0x{b:X2}>", 0, 6));
        }
        vocab.Add(("<|im_start|>", 0, 3));
        vocab.Add(("<|im_end|>", 0, 3));
        var pieces = new SortedSet<string>(StringComparer.Ordinal) { "▁" };
        foreach (var word in Words)
        {
            var piece = "▁" + word;
            for (var n = 2; n <= piece.Length; n++)
            {
                pieces.Add(piece[..n]);
            }
        }
        foreach (var c in "abcdefghijklmnopqrstuvwxyz")
        {
            pieces.Add(c.ToString());
        }
        // SentencePiece merges neighbours only into pieces in the vocab, preferring higher scores: longer is better.
        foreach (var piece in pieces)
        {
            vocab.Add((piece, -100f + piece.Length, 1));
        }
        return vocab;
    }

    /// <summary>Writes the model and returns its path.</summary>
    public static string Write(string path, int seed = 42, bool withChatTemplate = true)
    {
        var vocabSize = Vocabulary.Count;
        var random = new Random(seed);
        var tensors = new List<(string Name, long[] Shape, bool Norm)>
        {
            ("token_embd.weight", [Embedding, vocabSize], false),
        };
        for (var i = 0; i < Blocks; i++)
        {
            tensors.Add(($"blk.{i}.attn_norm.weight", [Embedding], true));
            tensors.Add(($"blk.{i}.attn_q.weight", [Embedding, Embedding], false));
            tensors.Add(($"blk.{i}.attn_k.weight", [Embedding, Embedding], false));
            tensors.Add(($"blk.{i}.attn_v.weight", [Embedding, Embedding], false));
            tensors.Add(($"blk.{i}.attn_output.weight", [Embedding, Embedding], false));
            tensors.Add(($"blk.{i}.ffn_norm.weight", [Embedding], true));
            tensors.Add(($"blk.{i}.ffn_gate.weight", [Embedding, FeedForward], false));
            tensors.Add(($"blk.{i}.ffn_up.weight", [Embedding, FeedForward], false));
            tensors.Add(($"blk.{i}.ffn_down.weight", [FeedForward, Embedding], false));
        }
        tensors.Add(("output_norm.weight", [Embedding], true));
        tensors.Add(("output.weight", [Embedding, vocabSize], false));

        using var stream = File.Create(path);
        using var w = new BinaryWriter(stream, Encoding.UTF8);
        w.Write("GGUF"u8);
        w.Write(3u);
        w.Write((ulong)tensors.Count);
        var metadata = new List<Action>();
        void String(string key, string value) => metadata.Add(() => { Key(w, key); w.Write(8u); Str(w, value); });
        void U32(string key, uint value) => metadata.Add(() => { Key(w, key); w.Write(4u); w.Write(value); });
        void F32(string key, float value) => metadata.Add(() => { Key(w, key); w.Write(6u); w.Write(value); });
        void Bool(string key, bool value) => metadata.Add(() => { Key(w, key); w.Write(7u); w.Write((byte)(value ? 1 : 0)); });
        String("general.architecture", "llama");
        String("general.name", "medportal-tiny-test");
        U32("general.alignment", 32);
        U32("llama.context_length", ContextLength);
        U32("llama.embedding_length", Embedding);
        U32("llama.block_count", Blocks);
        U32("llama.feed_forward_length", FeedForward);
        U32("llama.attention.head_count", Heads);
        U32("llama.attention.head_count_kv", Heads);
        U32("llama.rope.dimension_count", Embedding / Heads);
        F32("llama.attention.layer_norm_rms_epsilon", 1e-5f);
        String("tokenizer.ggml.model", "llama");
        // GGUF arrays: type 9, then the element type (8 string, 6 f32, 5 i32), the count and the elements.
        void Array(string key, uint elementType, Action<(string Piece, float Score, int Type)> write) => metadata.Add(() =>
        {
            Key(w, key);
            w.Write(9u);
            w.Write(elementType);
            w.Write((ulong)vocabSize);
            foreach (var token in Vocabulary)
            {
                write(token);
            }
        });
        Array("tokenizer.ggml.tokens", 8u, t => Str(w, t.Piece));
        Array("tokenizer.ggml.scores", 6u, t => w.Write(t.Score));
        Array("tokenizer.ggml.token_type", 5u, t => w.Write(t.Type));
        U32("tokenizer.ggml.unknown_token_id", 0);
        U32("tokenizer.ggml.bos_token_id", 1);
        U32("tokenizer.ggml.eos_token_id", 2);
        Bool("tokenizer.ggml.add_bos_token", true);
        Bool("tokenizer.ggml.add_eos_token", false);
        if (withChatTemplate)
        {
            String("tokenizer.chat_template", "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}");
        }
        w.Write((ulong)metadata.Count);
        foreach (var write in metadata)
        {
            write();
        }

        ulong offset = 0;
        var offsets = new List<ulong>();
        foreach (var (name, shape, _) in tensors)
        {
            Str(w, name);
            w.Write((uint)shape.Length);
            foreach (var d in shape)
            {
                w.Write((ulong)d);
            }
            w.Write(0u); // GGML_TYPE_F32
            w.Write(offset);
            offsets.Add(offset);
            offset = Align(offset + (ulong)(shape.Aggregate(1L, (a, b) => a * b) * 4), 32);
        }
        Pad(w, 32);
        var dataStart = stream.Position;
        for (var t = 0; t < tensors.Count; t++)
        {
            Pad(w, 32);
            if (stream.Position - dataStart != (long)offsets[t])
            {
                throw new InvalidOperationException("tensor offset mismatch");
            }
            var (_, shape, norm) = tensors[t];
            var count = shape.Aggregate(1L, (a, b) => a * b);
            for (var i = 0; i < count; i++)
            {
                w.Write(norm ? 1f : (float)((random.NextDouble() * 2 - 1) * 0.5));
            }
        }
        return path;
    }

    private static void Key(BinaryWriter w, string key) => Str(w, key);

    private static void Str(BinaryWriter w, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    private static ulong Align(ulong value, ulong alignment) => (value + alignment - 1) / alignment * alignment;

    private static void Pad(BinaryWriter w, int alignment)
    {
        while (w.BaseStream.Position % alignment != 0)
        {
            w.Write((byte)0);
        }
    }
}
