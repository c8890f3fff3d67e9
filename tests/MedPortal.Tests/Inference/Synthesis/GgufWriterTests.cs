using System.Buffers.Binary;
using MedPortal.Inference;
using MedPortal.Inference.Native;
using MedPortal.Inference.Synthesis;
using Microsoft.Extensions.Logging.Abstractions;

namespace MedPortal.Tests.Inference.Synthesis;

public sealed class GgufWriterTests
{
    private static float[] Values(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * 0.1);
        }
        values.AsSpan(64, 32).Clear(); // an all-zero block: scale 0, not a division by zero
        values[130] = 3.5f; // one large weight dominates its block
        return values;
    }

    [Theory]
    [InlineData(GgmlType.Q4_0, 18)]
    [InlineData(GgmlType.Q8_0, 34)]
    public void Encode_QuantisedBlocks_GgmlLayoutFiniteFp16ScalesAndCloseToTheValues(GgmlType type, int blockBytes)
    {
        NativeLibraries.EnsureLoaded(null, NullLogger.Instance);
        Assert.Equal(32, LlamaNative.GgmlBlockSize((int)type));
        Assert.Equal(blockBytes, (int)LlamaNative.GgmlTypeSize((int)type));
        var values = Values(4096, 3);
        var blocks = values.Length / 32;
        Assert.Equal(blocks * blockBytes, GgufWriter.TensorBytes([values.Length], type));
        var bytes = new byte[blocks * blockBytes];

        GgufWriter.Encode(values, type, bytes);

        for (var b = 0; b < blocks; b++)
        {
            var block = bytes.AsSpan(b * blockBytes, blockBytes);
            var d = (float)BinaryPrimitives.ReadHalfLittleEndian(block);
            Assert.True(float.IsFinite(d), $"block {b}: scale {d}");
            for (var j = 0; j < 32; j++)
            {
                var decoded = type == GgmlType.Q4_0
                    ? d * (((j < 16 ? block[2 + j] : block[2 + j - 16] >> 4) & 0xF) - 8)
                    : d * (sbyte)block[2 + j];
                var original = values[b * 32 + j];
                // Q4_0 maps the largest magnitude to -8 and clamps at +7, so the far side may be one step off.
                var tolerance = Math.Abs(d) * (type == GgmlType.Q4_0 ? 1.0f : 0.5f) + 1e-3f * Math.Abs(original) + 1e-6f;
                Assert.True(Math.Abs(decoded - original) <= tolerance, $"block {b}, weight {j}: {original} decoded as {decoded} (scale {d})");
            }
        }
        Assert.Equal(0f, (float)BinaryPrimitives.ReadHalfLittleEndian(bytes.AsSpan(2 * blockBytes)));
    }

    [Fact]
    public void Write_EveryType_AlignedTableAndDataAsEncoded()
    {
        var path = Path.Combine(Path.GetTempPath(), $"medportal-writer-{Guid.NewGuid():N}.gguf");
        var values = Values(64 * 1024 * 3 + 96, 5); // more than one streamed chunk, ending in a part-chunk
        GgmlType[] types = [GgmlType.F32, GgmlType.F16, GgmlType.Q4_0, GgmlType.Q8_0];
        var writer = new GgufWriter().Add("general.architecture", "test").Add("test.sizes", [1, 2, 3]);
        foreach (var type in types)
        {
            var position = 0;
            writer.AddTensor($"t.{type}", [96, values.Length / 96], type, chunk =>
            {
                values.AsSpan(position, chunk.Length).CopyTo(chunk);
                position += chunk.Length;
            });
        }

        var size = writer.Write(path);

        GgufValidator.Validate(path);
        var header = GgufHeader.Read(path);
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        Assert.Equal("test", header.Metadata["general.architecture"]);
        Assert.Equal(new[] { 1, 2, 3 }, header.Metadata["test.sizes"]);
        Assert.Equal(32u, header.Metadata["general.alignment"]);
        Assert.Equal(types.Select(t => (uint)t), header.Tensors.Select(t => t.Type));
        Assert.All(header.Tensors, t => Assert.Equal(0, t.Offset % GgufWriter.Alignment));
        var last = header.Tensors[^1];
        Assert.Equal(size, header.DataStart + last.Offset + GgufWriter.TensorBytes(last.Shape, GgmlType.Q8_0));
        Assert.Equal(size, bytes.Length);
        foreach (var (tensor, type) in header.Tensors.Zip(types))
        {
            var expected = new byte[GgufWriter.TensorBytes(tensor.Shape, type)];
            GgufWriter.Encode(values, type, expected);
            Assert.True(expected.AsSpan().SequenceEqual(bytes.AsSpan((int)(header.DataStart + tensor.Offset), expected.Length)), $"data of {tensor.Name}");
        }
    }
}
