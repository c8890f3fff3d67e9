using MedPortal.Inference;
using MedPortal.Inference.Synthesis;
using MedPortal.Tests.Infrastructure;

namespace MedPortal.Tests.Tools;

/// <summary>Runs the real <c>medportal-cli model synth</c> process, as <c>./medportal model synth</c> does.</summary>
public sealed class ModelSynthCommandTests
{
    [Fact]
    public async Task ModelSynth_TinyLlamaOneBlock_HeaderAndTensorTableOfTheNamedShape()
    {
        var path = Path.Combine(Path.GetTempPath(), $"medportal-synth-cli-{Guid.NewGuid():N}.gguf");
        var expected = ModelShape.Known["tinyllama-1.1b-q4_0"] with { Blocks = 1 };
        try
        {
            var result = await RunAsync("tinyllama-1.1b-q4_0", "--blocks", "1", "--out", path);

            Assert.True(result.ExitCode == 0, result.All);
            GgufValidator.Validate(path);
            var header = GgufHeader.Read(path);
            Assert.Equal("llama", header.Metadata["general.architecture"]);
            Assert.Equal(2u, header.Metadata["general.file_type"]); // mostly Q4_0
            Assert.Equal(1u, header.Metadata["llama.block_count"]);
            Assert.Equal(2048u, header.Metadata["llama.embedding_length"]);
            Assert.Equal(5632u, header.Metadata["llama.feed_forward_length"]);
            Assert.Equal(32u, header.Metadata["llama.attention.head_count"]);
            Assert.Equal(4u, header.Metadata["llama.attention.head_count_kv"]);
            Assert.Equal(64u, header.Metadata["llama.rope.dimension_count"]);
            Assert.Equal(32_000, ((string[])header.Metadata["tokenizer.ggml.tokens"]).Length);
            var table = expected.Tensors(32_000);
            Assert.Equal(table.Select(t => $"{t.Name} [{string.Join(", ", t.Shape)}] {(uint)t.Type}"), header.Tensors.Select(t => $"{t.Name} [{string.Join(", ", t.Shape)}] {t.Type}"));
            var last = header.Tensors[^1];
            Assert.Equal(new FileInfo(path).Length, header.DataStart + last.Offset + GgufWriter.TensorBytes(last.Shape, GgmlType.Q4_0));
            Assert.Contains("1 blocks, n_embd 2048", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ModelSynth_UnknownName_UsageListsTheKnownShapesExit2()
    {
        var result = await RunAsync("gpt-5");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("tinyllama-1.1b-q4_0, tinyllama-1.1b-q8_0", result.All, StringComparison.Ordinal);
    }

    private static Task<ProcessResult> RunAsync(params string[] args) =>
        ChildProcess.RunAsync("dotnet", [RepoPaths.CliDll, "model", "synth", .. args], new Dictionary<string, string?>(), timeout: TimeSpan.FromSeconds(120));
}
