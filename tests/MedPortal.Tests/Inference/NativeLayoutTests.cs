using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MedPortal.Inference.Native;
using Microsoft.Extensions.Logging.Abstractions;

namespace MedPortal.Tests.Inference;

/// <summary>
/// The managed structs must match llama.h of the pinned release byte for byte: sizes and offsets as a C compiler laid
/// them out against that header, and the defaults the library itself returns read back correctly through them.
/// </summary>
public sealed class NativeLayoutTests
{
    public NativeLayoutTests() => NativeLibraries.EnsureLoaded(null, NullLogger.Instance);

    [Fact]
    public void Sizes_MatchTheHeader()
    {
        Assert.Equal(80, Unsafe.SizeOf<LlamaModelParams>());
        Assert.Equal(160, Unsafe.SizeOf<LlamaContextParams>());
        Assert.Equal(56, Unsafe.SizeOf<LlamaBatch>());
        Assert.Equal(16, Unsafe.SizeOf<LlamaChatMessage>());
        Assert.Equal(8, Unsafe.SizeOf<LlamaLogitBias>());
        Assert.Equal(1, Unsafe.SizeOf<LlamaSamplerChainParams>());
    }

    [Theory]
    [InlineData(nameof(LlamaContextParams.NThreads), 28)]
    [InlineData(nameof(LlamaContextParams.CtxType), 36)]
    [InlineData(nameof(LlamaContextParams.RopeFreqBase), 56)]
    [InlineData(nameof(LlamaContextParams.CbEval), 88)]
    [InlineData(nameof(LlamaContextParams.TypeK), 104)]
    [InlineData(nameof(LlamaContextParams.AbortCallback), 112)]
    [InlineData(nameof(LlamaContextParams.Embeddings), 128)]
    [InlineData(nameof(LlamaContextParams.KvUnified), 133)]
    [InlineData(nameof(LlamaContextParams.Samplers), 136)]
    [InlineData(nameof(LlamaContextParams.NSamplers), 144)]
    [InlineData(nameof(LlamaContextParams.CtxOther), 152)]
    public void ContextParams_OffsetsMatchTheHeader(string field, int offset) =>
        Assert.Equal(offset, (int)Marshal.OffsetOf<LlamaContextParams>(field));

    [Theory]
    [InlineData(nameof(LlamaModelParams.NGpuLayers), 16)]
    [InlineData(nameof(LlamaModelParams.MainGpu), 32)]
    [InlineData(nameof(LlamaModelParams.VocabOnly), 72)]
    [InlineData(nameof(LlamaModelParams.LoadMtp), 77)]
    public void ModelParams_OffsetsMatchTheHeader(string field, int offset) =>
        Assert.Equal(offset, (int)Marshal.OffsetOf<LlamaModelParams>(field));

    [Fact]
    public void ContextDefaults_FromTheLibrary_ReadBackAsDocumented()
    {
        var p = LlamaNative.ContextDefaultParams();

        Assert.Equal((512u, 2048u, 512u, 1u, 0u, 0u, 1u), (p.NCtx, p.NBatch, p.NUbatch, p.NSeqMax, p.NRsSeq, p.NOutputsMax, p.NOutputsMaxPerSeq));
        Assert.Equal((0f, 0f, -1f, -1f, -1f, -1f, 0u, -1f), (p.RopeFreqBase, p.RopeFreqScale, p.YarnExtFactor, p.YarnAttnFactor, p.YarnBetaFast, p.YarnBetaSlow, p.YarnOrigCtx, p.DefragThold));
        Assert.Equal((1, 1), (p.TypeK, p.TypeV));
        Assert.Equal((0, 1, 1, 1, 1, 0), (p.Embeddings, p.OffloadKqv, p.NoPerf, p.OpOffload, p.SwaFull, p.KvUnified));
        Assert.Equal((0, (nuint)0, 0), (p.Samplers, p.NSamplers, p.CtxOther));
    }

    [Fact]
    public void ModelDefaults_FromTheLibrary_ReadBackAsDocumented()
    {
        var p = LlamaNative.ModelDefaultParams();

        Assert.Equal((0, 0, -1, 0), (p.Devices, p.TensorBuftOverrides, p.NGpuLayers, p.MainGpu));
        Assert.Equal((0, 0, 1, 0, 0, 0), (p.VocabOnly, p.CheckTensors, p.UseExtraBufts, p.NoHost, p.NoAlloc, p.LoadMtp));
    }
}
