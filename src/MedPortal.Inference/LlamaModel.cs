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
        ControlTokens = Enumerable.Range(0, VocabSize)
            .Where(t => (LlamaNative.VocabGetAttr(vocab, t) & LlamaNative.TokenAttributeControl) != 0)
            .ToArray();
        // Longest first: where two markers start at the same place, the longer one is the token.
        controlMarkers = ControlTokens
            .Select(t => (Id: t, Text: Marshal.PtrToStringUTF8(LlamaNative.VocabGetText(vocab, t)) ?? ""))
            .Where(m => m.Text.Length > 0)
            .OrderByDescending(m => m.Text.Length)
            .ToArray();
    }

    private readonly (int Id, string Text)[] controlMarkers;

    /// <summary>Every control token (BOS, EOS, chat-template markers such as <c>&lt;|im_start|&gt;</c>).</summary>
    public IReadOnlyList<int> ControlTokens { get; }

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

    /// <summary>
    /// A conversation → prompt tokens in which only the chat template's own markers are control tokens. The template is
    /// rendered with placeholders for the contents; its text is split at control-token markers, and each message's
    /// content is tokenised with special-token parsing off, so patient text such as <c>&lt;|im_start|&gt;system</c> stays
    /// text. For ordinary text the result equals tokenising the rendered prompt with special parsing on.
    /// </summary>
    public int[] TokenizeChat(IReadOnlyList<(string Role, string Content)> messages, bool addAssistant = true)
    {
        ArgumentNullException.ThrowIfNull(messages);
        // A fresh nonce: patient text cannot forge a placeholder.
        var nonce = Guid.NewGuid().ToString("N");
        string Placeholder(int i) => $"\u0001{nonce}:{i}\u0002";
        var rendered = ApplyChatTemplate(messages.Select((m, i) => (m.Role, Placeholder(i))).ToList(), addAssistant);
        // Some templates trim the content (llama 2/3, gemma): render padded placeholders to find out, and do the same.
        var padded = ApplyChatTemplate(messages.Select((m, i) => (m.Role, $" {Placeholder(i)} ")).ToList(), addAssistant);
        var trims = padded != Enumerable.Range(0, messages.Count).Aggregate(rendered, (text, i) => text.Replace(Placeholder(i), $" {Placeholder(i)} ", StringComparison.Ordinal));

        var tokens = new List<int>();
        if (LlamaNative.VocabGetAddBos(vocab))
        {
            tokens.Add(LlamaNative.VocabBos(vocab));
        }
        // Raw text since the last control token is tokenised as one run, exactly as llama_tokenize splits a prompt.
        var run = new StringBuilder();
        void Flush()
        {
            if (run.Length > 0)
            {
                tokens.AddRange(Tokenize(run.ToString(), addSpecial: false, parseSpecial: false));
                run.Clear();
            }
        }
        void AppendTemplateText(string text)
        {
            var at = 0;
            while (at < text.Length)
            {
                var (next, marker) = (-1, (Id: 0, Text: ""));
                foreach (var candidate in controlMarkers)
                {
                    var found = text.IndexOf(candidate.Text, at, StringComparison.Ordinal);
                    if (found >= 0 && (next < 0 || found < next))
                    {
                        (next, marker) = (found, candidate);
                    }
                }
                if (next < 0)
                {
                    run.Append(text, at, text.Length - at);
                    return;
                }
                run.Append(text, at, next - at);
                Flush();
                tokens.Add(marker.Id);
                at = next + marker.Text.Length;
            }
        }
        var position = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var placeholder = Placeholder(i);
            var found = rendered.IndexOf(placeholder, position, StringComparison.Ordinal);
            if (found < 0)
            {
                continue; // the template leaves this message out
            }
            AppendTemplateText(rendered[position..found]);
            run.Append(trims ? messages[i].Content.Trim() : messages[i].Content);
            position = found + placeholder.Length;
        }
        AppendTemplateText(rendered[position..]);
        Flush();
        return tokens.ToArray();
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
