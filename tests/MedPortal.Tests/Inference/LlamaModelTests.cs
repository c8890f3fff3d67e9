using MedPortal.Inference;
using MedPortal.Inference.Native;
using Microsoft.Extensions.Logging.Abstractions;

namespace MedPortal.Tests.Inference;

/// <summary>A generated tiny GGUF through the real llama.cpp libraries (installed by ./medportal from npm).</summary>
public sealed class TinyModelFixture : IDisposable
{
    public TinyModelFixture()
    {
        Path = TinyGguf.Write(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"medportal-tiny-{Guid.NewGuid():N}.gguf"));
        Model = LlamaModel.Load(Path, 0, null, NullLogger.Instance);
    }

    public string Path { get; }

    public LlamaModel Model { get; }

    public void Dispose()
    {
        Model.Dispose();
        File.Delete(Path);
    }
}

public sealed class LlamaModelTests(TinyModelFixture tiny) : IClassFixture<TinyModelFixture>
{
    [Fact]
    public void Load_TinyModel_VocabularyAndEndOfSequenceFromTheFile()
    {
        Assert.Equal(TinyGguf.Vocabulary.Count, tiny.Model.VocabSize);
        Assert.Equal(2, tiny.Model.EndOfSequence);
        Assert.Contains(2, tiny.Model.EndOfGenerationTokens);
    }

    [Fact]
    public void Tokenize_Words_WholeWordTokensAndRoundTrip()
    {
        const string text = "the patient has chest pain";

        var tokens = tiny.Model.Tokenize(text, addSpecial: false);

        Assert.Equal(5, tokens.Length);
        Assert.Equal(text, tiny.Model.Detokenize(tokens).TrimStart());
    }

    [Fact]
    public void Tokenize_MultiByteText_ByteTokensReassembled()
    {
        const string text = "fever 39°C — naïve 😷";

        var tokens = tiny.Model.Tokenize(text, addSpecial: false);

        Assert.Equal(text, tiny.Model.Detokenize(tokens).TrimStart());
        Assert.Contains(tokens, t => TinyGguf.Vocabulary[t].Type == 6);
    }

    [Fact]
    public void ChatTemplate_ModelsOwnChatMl_Applied()
    {
        var prompt = tiny.Model.ApplyChatTemplate([("system", "be brief"), ("user", "hello")]);

        Assert.Equal("<|im_start|>system\nbe brief<|im_end|>\n<|im_start|>user\nhello<|im_end|>\n<|im_start|>assistant\n", prompt);
    }

    [Fact]
    public void Load_NotAGgufFile_ClearError()
    {
        var path = System.IO.Path.GetTempFileName();
        File.WriteAllText(path, "not a model");

        var error = Assert.Throws<InferenceUnavailableException>(() => LlamaModel.Load(path, 0, null, NullLogger.Instance));

        File.Delete(path);
        Assert.Contains("is not a GGUF model file", error.Message, StringComparison.Ordinal);
    }
}
