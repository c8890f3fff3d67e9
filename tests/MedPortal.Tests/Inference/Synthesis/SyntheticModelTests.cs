using MedPortal.Inference;
using MedPortal.Inference.Synthesis;

namespace MedPortal.Tests.Inference.Synthesis;

public sealed class SyntheticModelTests
{
    private static readonly ModelShape TinyLlama = ModelShape.Known["tinyllama-1.1b-q4_0"];

    [Fact]
    public void Tensors_TinyLlamaShape_TheRealModelsTableAndSize()
    {
        var tensors = TinyLlama.Tensors(32_000);

        Assert.Equal(201, tensors.Count); // as in TinyLlama-1.1B-Chat's own GGUF files
        Assert.Equal([2048L, 32_000], tensors.Single(t => t.Name == "token_embd.weight").Shape);
        Assert.Equal([2048L, 256], tensors.Single(t => t.Name == "blk.21.attn_k.weight").Shape); // 4 KV heads of 64
        Assert.Equal([5632L, 2048], tensors.Single(t => t.Name == "blk.0.ffn_down.weight").Shape);
        Assert.Equal(1_100_048_384L, tensors.Sum(t => t.Shape.Aggregate(1L, (a, b) => a * b)));
        var q4 = tensors.Sum(t => GgufWriter.TensorBytes(t.Shape, t.Type));
        var q8 = ModelShape.Known["tinyllama-1.1b-q8_0"].Tensors(32_000).Sum(t => GgufWriter.TensorBytes(t.Shape, t.Type));
        Assert.InRange(q4, 615e6, 625e6);
        Assert.InRange(q8, 1.16e9, 1.175e9);
    }

    [Fact]
    public void Vocabulary_PaddedToTheRealSize_UniquePiecesAndTheBaseFirst()
    {
        var vocabulary = SyntheticModel.Vocabulary(32_000);

        Assert.Equal(32_000, vocabulary.Count);
        Assert.Equal(vocabulary.Count, vocabulary.Select(t => t.Piece).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(SyntheticModel.BaseVocabulary, vocabulary.Take(SyntheticModel.BaseVocabulary.Count));
    }

    [Theory]
    [InlineData(GgmlType.Q4_0)]
    [InlineData(GgmlType.Q8_0)]
    public async Task Write_ReducedTinyLlamaShape_LoadsInTheHostAndGenerates(GgmlType type)
    {
        // TinyLlama's vocabulary and head ratio, fewer and narrower blocks.
        var shape = TinyLlama with { Name = "reduced", Blocks = 2, Embedding = 256, FeedForward = 704, Heads = 8, KvHeads = 2, Type = type };
        var path = Path.Combine(Path.GetTempPath(), $"medportal-synth-{type}-{Guid.NewGuid():N}.gguf");
        SyntheticModel.Write(shape, path);
        var status = new ModelStatusMonitor();
        using var host = TinyHostFixture.Create(path, status, contextSize: 512, parallel: 2);
        try
        {
            await host.StartAsync(CancellationToken.None);
            await TinyHostFixture.WaitReadyAsync(status);
            Assert.Equal(32_000, host.Model!.VocabSize);
            Assert.Equal(5, host.Model.Tokenize("the patient has chest pain", addSpecial: false).Length);

            var tokens = new List<int>();
            await foreach (var chunk in host.GenerateAsync("the patient has a fever", new SamplingOptions(MaxTokens: 12, SuppressEndOfGeneration: true), InferencePriority.Interactive, CancellationToken.None))
            {
                if (chunk.Token >= 0)
                {
                    tokens.Add(chunk.Token);
                }
            }

            Assert.Equal(12, tokens.Count);
            Assert.All(tokens, t => Assert.InRange(t, 0, 31_999));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            File.Delete(path);
        }
    }
}
