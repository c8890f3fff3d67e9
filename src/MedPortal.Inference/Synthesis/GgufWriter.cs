using System.Buffers.Binary;
using System.Text;

namespace MedPortal.Inference.Synthesis;

/// <summary>The ggml tensor types <see cref="GgufWriter"/> can write (ids from ggml.h).</summary>
public enum GgmlType : uint
{
    /// <summary>32-bit float.</summary>
    F32 = 0,

    /// <summary>16-bit float.</summary>
    F16 = 1,

    /// <summary>Blocks of 32 weights: an fp16 scale, then 16 bytes of 4-bit values (18 bytes).</summary>
    Q4_0 = 2,

    /// <summary>Blocks of 32 weights: an fp16 scale, then 32 int8 values (34 bytes).</summary>
    Q8_0 = 8,
}

/// <summary>Fills the next <c>chunk.Length</c> values of a tensor, in file order (first dimension fastest).</summary>
public delegate void TensorValues(Span<float> chunk);

/// <summary>
/// Writes a GGUF v3 file: metadata, the tensor table, then each tensor's data streamed in fixed-size chunks from a
/// <see cref="TensorValues"/> source and quantised on the way, so a gigabyte model is written with a few hundred KB
/// of memory. Quantisation follows ggml's reference rows (<c>quantize_row_q4_0_ref</c>, <c>quantize_row_q8_0_ref</c>).
/// </summary>
public sealed class GgufWriter
{
    /// <summary>Alignment of tensor data (written as <c>general.alignment</c>).</summary>
    public const int Alignment = 32;

    /// <summary>Values produced and encoded per step (a multiple of every block size).</summary>
    private const int ChunkValues = 64 * 1024;

    private readonly List<(string Key, uint Type, Action<BinaryWriter> Value)> metadata = [];
    private readonly List<(string Name, long[] Shape, GgmlType Type, TensorValues Values)> tensors = [];

    /// <summary>Creates a writer with <c>general.alignment</c> already set.</summary>
    public GgufWriter() => Add("general.alignment", (uint)Alignment);

    /// <summary>Adds a string value.</summary>
    public GgufWriter Add(string key, string value) => Meta(key, 8, w => WriteString(w, value));

    /// <summary>Adds an unsigned 32-bit value (llama.cpp wants its integer hyper-parameters as u32).</summary>
    public GgufWriter Add(string key, uint value) => Meta(key, 4, w => w.Write(value));

    /// <summary>Adds a 32-bit float value.</summary>
    public GgufWriter Add(string key, float value) => Meta(key, 6, w => w.Write(value));

    /// <summary>Adds a boolean value.</summary>
    public GgufWriter Add(string key, bool value) => Meta(key, 7, w => w.Write((byte)(value ? 1 : 0)));

    /// <summary>Adds an array of strings.</summary>
    public GgufWriter Add(string key, IReadOnlyList<string> values) => Array(key, 8, values, WriteString);

    /// <summary>Adds an array of 32-bit floats.</summary>
    public GgufWriter Add(string key, IReadOnlyList<float> values) => Array(key, 6, values, (w, v) => w.Write(v));

    /// <summary>Adds an array of signed 32-bit integers.</summary>
    public GgufWriter Add(string key, IReadOnlyList<int> values) => Array(key, 5, values, (w, v) => w.Write(v));

    /// <summary>Adds a tensor whose values come from <paramref name="values"/> when the file is written.</summary>
    /// <exception cref="ArgumentException">The first dimension is not a multiple of the type's block size.</exception>
    public GgufWriter AddTensor(string name, long[] shape, GgmlType type, TensorValues values)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length is 0 or > 4 || shape.Any(d => d <= 0))
        {
            throw new ArgumentException($"tensor '{name}' has shape [{string.Join(", ", shape)}]: 1 to 4 positive dimensions expected", nameof(shape));
        }
        if (shape[0] % BlockSize(type) != 0)
        {
            throw new ArgumentException($"tensor '{name}': the first dimension {shape[0]} is not a multiple of {type}'s block of {BlockSize(type)}", nameof(shape));
        }
        tensors.Add((name, shape, type, values));
        return this;
    }

    /// <summary>Weights per block of <paramref name="type"/>.</summary>
    public static int BlockSize(GgmlType type) => GgufValidator.TensorTypes[(uint)type].Block;

    /// <summary>Bytes one tensor of this shape and type takes in the file (without alignment padding).</summary>
    public static long TensorBytes(IReadOnlyList<long> shape, GgmlType type)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var (block, bytes) = GgufValidator.TensorTypes[(uint)type];
        return shape.Aggregate(1L, (a, b) => a * b) / block * bytes;
    }

    /// <summary>Encodes <paramref name="values"/> (a whole number of blocks) as <paramref name="type"/> into <paramref name="destination"/>.</summary>
    public static void Encode(ReadOnlySpan<float> values, GgmlType type, Span<byte> destination)
    {
        switch (type)
        {
            case GgmlType.F32:
                for (var i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(destination[(i * 4)..], values[i]);
                }
                break;
            case GgmlType.F16:
                for (var i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteHalfLittleEndian(destination[(i * 2)..], (Half)values[i]);
                }
                break;
            case GgmlType.Q4_0:
                for (var b = 0; b < values.Length / 32; b++)
                {
                    EncodeQ4_0(values.Slice(b * 32, 32), destination.Slice(b * 18, 18));
                }
                break;
            case GgmlType.Q8_0:
                for (var b = 0; b < values.Length / 32; b++)
                {
                    EncodeQ8_0(values.Slice(b * 32, 32), destination.Slice(b * 34, 34));
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "not a type the writer encodes");
        }
    }

    // The signed value of largest magnitude maps to -8, so the scale's sign carries it; nibbles are stored offset by 8,
    // value j in the low nibble of byte j and value 16 + j in its high nibble.
    private static void EncodeQ4_0(ReadOnlySpan<float> x, Span<byte> block)
    {
        var max = 0f;
        foreach (var v in x)
        {
            max = Math.Abs(v) > Math.Abs(max) ? v : max;
        }
        var d = max / -8;
        var id = d != 0 ? 1 / d : 0;
        BinaryPrimitives.WriteHalfLittleEndian(block, (Half)d);
        for (var j = 0; j < 16; j++)
        {
            var low = Math.Min(15, (int)(x[j] * id + 8.5f));
            var high = Math.Min(15, (int)(x[16 + j] * id + 8.5f));
            block[2 + j] = (byte)(low | (high << 4));
        }
    }

    private static void EncodeQ8_0(ReadOnlySpan<float> x, Span<byte> block)
    {
        var amax = 0f;
        foreach (var v in x)
        {
            amax = Math.Max(amax, Math.Abs(v));
        }
        var d = amax / 127;
        var id = d != 0 ? 1 / d : 0;
        BinaryPrimitives.WriteHalfLittleEndian(block, (Half)d);
        for (var j = 0; j < 32; j++)
        {
            block[2 + j] = (byte)(sbyte)MathF.Round(x[j] * id);
        }
    }

    /// <summary>Writes the file to <paramref name="path"/> and returns its size in bytes.</summary>
    public long Write(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        WriteTo(stream);
        return stream.Length;
    }

    /// <summary>Writes the file to <paramref name="stream"/>, which must start at position 0.</summary>
    public void WriteTo(Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write("GGUF"u8);
        w.Write(3u);
        w.Write((ulong)tensors.Count);
        w.Write((ulong)metadata.Count);
        foreach (var (key, type, value) in metadata)
        {
            WriteString(w, key);
            w.Write(type);
            value(w);
        }
        var offsets = new List<long>(tensors.Count);
        long offset = 0;
        foreach (var (name, shape, type, _) in tensors)
        {
            WriteString(w, name);
            w.Write((uint)shape.Length);
            foreach (var d in shape)
            {
                w.Write((ulong)d);
            }
            w.Write((uint)type);
            w.Write((ulong)offset);
            offsets.Add(offset);
            offset = Align(offset + TensorBytes(shape, type));
        }
        w.Flush();
        Pad(stream);
        var dataStart = stream.Position;
        var values = new float[ChunkValues];
        var bytes = new byte[ChunkValues * 4];
        for (var t = 0; t < tensors.Count; t++)
        {
            Pad(stream);
            if (stream.Position - dataStart != offsets[t])
            {
                throw new InvalidOperationException($"tensor '{tensors[t].Name}' would start at {stream.Position - dataStart}, not at its declared offset {offsets[t]}");
            }
            var (_, shape, type, source) = tensors[t];
            var remaining = shape.Aggregate(1L, (a, b) => a * b);
            while (remaining > 0)
            {
                var n = (int)Math.Min(remaining, ChunkValues);
                var chunk = values.AsSpan(0, n);
                source(chunk);
                var size = (int)TensorBytes([n], type);
                Encode(chunk, type, bytes);
                stream.Write(bytes, 0, size);
                remaining -= n;
            }
        }
        stream.Flush();
    }

    private GgufWriter Meta(string key, uint type, Action<BinaryWriter> value)
    {
        metadata.Add((key, type, value));
        return this;
    }

    // GGUF arrays: type 9, then the element type, the count and the elements.
    private GgufWriter Array<T>(string key, uint elementType, IReadOnlyList<T> values, Action<BinaryWriter, T> write) => Meta(key, 9, w =>
    {
        w.Write(elementType);
        w.Write((ulong)values.Count);
        foreach (var value in values)
        {
            write(w, value);
        }
    });

    private static void WriteString(BinaryWriter w, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    private static long Align(long value) => (value + Alignment - 1) / Alignment * Alignment;

    private static void Pad(Stream stream)
    {
        while (stream.Position % Alignment != 0)
        {
            stream.WriteByte(0);
        }
    }
}
