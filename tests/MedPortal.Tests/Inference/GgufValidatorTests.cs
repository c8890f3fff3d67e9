using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using MedPortal.Inference;
using MedPortal.Inference.Native;
using Microsoft.Extensions.Logging.Abstractions;

namespace MedPortal.Tests.Inference;

public sealed class GgufValidatorTests : IDisposable
{
    private readonly string good = TinyGguf.Write(Path.Combine(Path.GetTempPath(), $"medportal-gguf-{Guid.NewGuid():N}.gguf"));
    private readonly List<string> files = [];

    private string Variant(Action<byte[]> damage, int? length = null)
    {
        var bytes = File.ReadAllBytes(good);
        bytes = bytes[..(length ?? bytes.Length)];
        damage(bytes);
        var path = Path.Combine(Path.GetTempPath(), $"medportal-gguf-bad-{Guid.NewGuid():N}.gguf");
        File.WriteAllBytes(path, bytes);
        files.Add(path);
        return path;
    }

    /// <summary>Where the data offset of the tensor "output.weight" (2 dimensions) sits in the header.</summary>
    private static int OutputWeightOffsetField(byte[] bytes)
    {
        // With its length prefix, so that "blk.N.attn_output.weight" does not match.
        byte[] name = [13, 0, 0, 0, 0, 0, 0, 0, .. "output.weight"u8];
        var at = bytes.AsSpan().IndexOf(name);
        Assert.True(at > 0);
        return at + name.Length + 4 + 2 * 8 + 4;
    }

    [Fact]
    public void Validate_GeneratedModel_Passes() => GgufValidator.Validate(good);

    [Fact]
    public void Validate_WrongMagic_NotAGgufFile()
    {
        var path = Variant(b => "GGUX"u8.CopyTo(b));

        var error = Assert.Throws<InferenceUnavailableException>(() => GgufValidator.Validate(path));

        Assert.Contains("is not a GGUF model file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Truncated_SaysTruncated()
    {
        var path = Variant(_ => { }, length: (int)new FileInfo(good).Length / 2);

        var error = Assert.Throws<InferenceUnavailableException>(() => GgufValidator.Validate(path));

        Assert.Contains("is not a valid GGUF model", error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TruncatedInsideTheHeader_SaysTruncated()
    {
        var path = Variant(_ => { }, length: 200);

        var error = Assert.Throws<InferenceUnavailableException>(() => GgufValidator.Validate(path));

        Assert.Contains("the file ends inside", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AbsurdTensorCount_Refused()
    {
        var path = Variant(b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8), ulong.MaxValue / 3));

        var error = Assert.Throws<InferenceUnavailableException>(() => GgufValidator.Validate(path));

        Assert.Contains("tensors (1 to 65,536 expected)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AbsurdKeyLength_Refused()
    {
        // The first metadata key's length follows magic, version, tensor count and metadata count.
        var path = Variant(b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(24), ulong.MaxValue));

        var error = Assert.Throws<InferenceUnavailableException>(() => GgufValidator.Validate(path));

        Assert.Contains("a metadata key is", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TensorOffsetPastTheEnd_Refused()
    {
        var path = Variant(b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(OutputWeightOffsetField(b)), 1UL << 40));

        var error = Assert.Throws<InferenceUnavailableException>(() => GgufValidator.Validate(path));

        Assert.Contains("tensor 'output.weight'", error.Message, StringComparison.Ordinal);

        Assert.Contains("past the end of the file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnalignedTensorOffset_Refused()
    {
        var path = Variant(b =>
        {
            var at = OutputWeightOffsetField(b);
            BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(at), BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(at)) + 4);
        });

        var error = Assert.Throws<InferenceUnavailableException>(() => GgufValidator.Validate(path));

        Assert.Contains("not a multiple of the alignment 32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedFile_RefusedBeforeNativeCode()
    {
        var path = Variant(b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(OutputWeightOffsetField(b)), 1UL << 40));

        var error = Assert.Throws<InferenceUnavailableException>(() => LlamaModel.Load(path, 0, null, NullLogger.Instance));

        // llama.cpp's own refusal says "could not load"; the managed validator's reason came first.
        Assert.Contains("past the end of the file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TensorTypes_MatchTheLoadedGgml()
    {
        // ggml has no bounds-checked "type count" call: 42 is the last ggml_type of the pinned build (q2_0).
        const int lastType = 42;
        NativeLibraries.EnsureLoaded(null, NullLogger.Instance);
        var mismatches = new StringBuilder();
        for (var type = 0; type <= lastType; type++)
        {
            var native = ((int)LlamaNative.GgmlBlockSize(type), (int)LlamaNative.GgmlTypeSize(type));
            var removed = native.Item2 == 0;
            var known = GgufValidator.TensorTypes.TryGetValue((uint)type, out var managed);
            if (removed ? known : !known || managed != native)
            {
                mismatches.Append($"{type} {Marshal.PtrToStringUTF8(LlamaNative.GgmlTypeName(type))}: ggml {native}, validator {(known ? managed.ToString() : "absent")}; ");
            }
        }
        Assert.Equal("", mismatches.ToString());
        Assert.Equal(lastType, (int)GgufValidator.TensorTypes.Keys.Max());
    }

    public void Dispose()
    {
        File.Delete(good);
        foreach (var file in files)
        {
            File.Delete(file);
        }
    }
}
