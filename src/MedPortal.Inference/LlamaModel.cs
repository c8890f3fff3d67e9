using System.Runtime.InteropServices;
using System.Text;
using MedPortal.Inference.Native;
using Microsoft.Extensions.Logging;

namespace MedPortal.Inference;

/// <summary>
/// A loaded GGUF model: tokenizer, detokenizer and chat template. Only the inference host creates contexts on
/// it; nothing here exposes a native pointer.
/// </summary>
public sealed unsafe class LlamaModel : IDisposable
{
    private readonly nint vocab;

    private LlamaModel(LlamaModelHandle handle, string path)
    {
        Handle = handle;
        Path = path;
        vocab = LlamaNative.ModelGetVocab(handle);
        VocabSize = LlamaNative.VocabNTokens(vocab);
        EndOfSequence = LlamaNative.VocabEos(vocab);
        EndOfGenerationTokens = Enumerable.Range(0, VocabSize).Where(t => LlamaNative.VocabIsEog(vocab, t)).ToArray();
        var template = LlamaNative.ModelChatTemplate(handle, 0);
        ChatTemplate = template == 0 ? null : Marshal.PtrToStringUTF8(template);
    }

    internal LlamaModelHandle Handle { get; }

    /// <summary>The GGUF file.</summary>
    public string Path { get; }

    /// <summary>The file name without extension, as shown to users.</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>Tokens in the vocabulary.</summary>
    public int VocabSize { get; }

    /// <summary>The end-of-sequence token.</summary>
    public int EndOfSequence { get; }

    /// <summary>Every end-of-generation token (EOS, EOT, …).</summary>
    public IReadOnlyList<int> EndOfGenerationTokens { get; }

    /// <summary>The model's own chat template, or null when the file has none.</summary>
    public string? ChatTemplate { get; }

    /// <summary>Loads a GGUF file with the pinned llama.cpp.</summary>
    /// <exception cref="InferenceUnavailableException">The file is missing, fails <see cref="GgufValidator"/>, or llama.cpp could not load it.</exception>
    public static LlamaModel Load(string path, int gpuLayers, string? nativeDirectory, ILogger logger)
    {
        // A malformed file must never reach llama.cpp's parser: it can abort the whole process from native code.
        GgufValidator.Validate(path);
        NativeLibraries.EnsureLoaded(nativeDirectory, logger);
        var parameters = LlamaNative.ModelDefaultParams();
        parameters.NGpuLayers = gpuLayers;
        var pointer = LlamaNative.ModelLoadFromFile(path, parameters);
        if (pointer == 0)
        {
            throw new InferenceUnavailableException($"llama.cpp could not load {path}; the log above says why (unsupported architecture, damaged file or not enough memory).");
        }
        return new LlamaModel(new LlamaModelHandle(pointer), path);
    }

    /// <summary>Text → tokens.</summary>
    public int[] Tokenize(string text, bool addSpecial = true, bool parseSpecial = true)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var capacity = bytes.Length + 8;
        while (true)
        {
            var tokens = new int[capacity];
            int n;
            fixed (byte* b = bytes)
            fixed (int* t = tokens)
            {
                n = LlamaNative.Tokenize(vocab, b, bytes.Length, t, capacity, addSpecial, parseSpecial);
            }
            if (n >= 0)
            {
                return tokens[..n];
            }
            capacity = -n;
        }
    }

    /// <summary>The bytes of one token's text (a token may hold part of a multi-byte character).</summary>
    public byte[] TokenBytes(int token)
    {
        Span<byte> buffer = stackalloc byte[64];
        int n;
        fixed (byte* b = buffer)
        {
            n = LlamaNative.TokenToPiece(vocab, token, b, buffer.Length, 0, false);
        }
        if (n >= 0)
        {
            return buffer[..n].ToArray();
        }
        var large = new byte[-n];
        fixed (byte* b = large)
        {
            LlamaNative.TokenToPiece(vocab, token, b, large.Length, 0, false);
        }
        return large;
    }

    /// <summary>Tokens → text, assembling characters split across tokens.</summary>
    public string Detokenize(IEnumerable<int> tokens)
    {
        var text = new Utf8Assembler();
        var output = new StringBuilder();
        foreach (var token in tokens)
        {
            output.Append(text.Append(TokenBytes(token)));
        }
        return output.Append(text.Flush()).ToString();
    }

    /// <summary>True for an end-of-generation token.</summary>
    public bool IsEndOfGeneration(int token) => LlamaNative.VocabIsEog(vocab, token);

    /// <summary>
    /// Formats a conversation with the model's own chat template (<c>llama_chat_apply_template</c>). A model without a
    /// template, or with one llama.cpp does not know, gets ChatML, which most instruct models understand.
    /// </summary>
    public string ApplyChatTemplate(IReadOnlyList<(string Role, string Content)> messages, bool addAssistant = true)
    {
        var template = ChatTemplate ?? "chatml";
        var result = Apply(template, messages, addAssistant);
        return result ?? Apply("chatml", messages, addAssistant) ?? throw new InvalidOperationException("llama.cpp refused the ChatML template.");
    }

    private static string? Apply(string template, IReadOnlyList<(string Role, string Content)> messages, bool addAssistant)
    {
        var handles = new List<nint>();
        try
        {
            var chat = new LlamaChatMessage[messages.Count];
            for (var i = 0; i < messages.Count; i++)
            {
                chat[i].Role = Utf8(messages[i].Role, handles);
                chat[i].Content = Utf8(messages[i].Content, handles);
            }
            var tmpl = Utf8(template, handles);
            var length = Math.Max(256, messages.Sum(m => Encoding.UTF8.GetByteCount(m.Content) + 64) * 2);
            while (true)
            {
                var buffer = new byte[length];
                int n;
                fixed (LlamaChatMessage* c = chat)
                fixed (byte* b = buffer)
                {
                    n = LlamaNative.ChatApplyTemplate(tmpl, c, (nuint)chat.Length, addAssistant, b, buffer.Length);
                }
                if (n < 0)
                {
                    return null;
                }
                if (n <= buffer.Length)
                {
                    return Encoding.UTF8.GetString(buffer, 0, n);
                }
                length = n;
            }
        }
        finally
        {
            foreach (var h in handles)
            {
                Marshal.FreeCoTaskMem(h);
            }
        }
    }

    private static nint Utf8(string text, List<nint> handles)
    {
        var pointer = Marshal.StringToCoTaskMemUTF8(text);
        handles.Add(pointer);
        return pointer;
    }

    /// <inheritdoc />
    public void Dispose() => Handle.Dispose();
}

/// <summary>Turns a stream of byte chunks into text, holding back an incomplete UTF-8 character until its last byte arrives.</summary>
public sealed class Utf8Assembler
{
    private readonly Decoder decoder = new UTF8Encoding(false, false).GetDecoder();

    /// <summary>The complete characters available after <paramref name="bytes"/>.</summary>
    public string Append(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[decoder.GetCharCount(bytes, flush: false)];
        var n = decoder.GetChars(bytes, chars, flush: false);
        return new string(chars, 0, n);
    }

    /// <summary>What is left at the end (an incomplete character becomes U+FFFD).</summary>
    public string Flush()
    {
        var chars = new char[8];
        var n = decoder.GetChars([], chars, flush: true);
        return new string(chars, 0, n);
    }
}
