using System.Text;

namespace MedPortal.Inference.Synthesis;

/// <summary>One entry of a GGUF tensor table.</summary>
/// <param name="Name">The tensor's name, e.g. <c>blk.0.attn_q.weight</c>.</param>
/// <param name="Shape">Dimensions, first (fastest) first.</param>
/// <param name="Type">The ggml type id.</param>
/// <param name="Offset">Offset of its data from the start of the data section.</param>
public sealed record GgufTensorInfo(string Name, long[] Shape, uint Type, long Offset);

/// <summary>
/// The metadata and tensor table of a GGUF file, read back to report what <see cref="GgufWriter"/> wrote. Only for files
/// this process wrote or <see cref="GgufValidator"/> accepted: sizes are trusted. Scalars become <c>uint</c>, <c>int</c>,
/// <c>float</c>, <c>bool</c>, <c>ulong</c>, <c>long</c>, <c>double</c> or <c>string</c>; arrays become arrays of those.
/// </summary>
/// <param name="Metadata">Key → value.</param>
/// <param name="Tensors">The tensor table in file order.</param>
/// <param name="DataStart">Where the data section begins.</param>
public sealed record GgufHeader(IReadOnlyDictionary<string, object> Metadata, IReadOnlyList<GgufTensorInfo> Tensors, long DataStart)
{
    /// <summary>Reads the header of the file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file does not start with a GGUF v3 header.</exception>
    public static GgufHeader Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var r = new BinaryReader(stream, Encoding.UTF8);
        if (!r.ReadBytes(4).AsSpan().SequenceEqual("GGUF"u8) || r.ReadUInt32() != 3)
        {
            throw new InvalidDataException($"{path} is not a GGUF v3 file");
        }
        var tensorCount = (long)r.ReadUInt64();
        var metadataCount = (long)r.ReadUInt64();
        var metadata = new Dictionary<string, object>(StringComparer.Ordinal);
        for (long i = 0; i < metadataCount; i++)
        {
            var key = ReadString(r);
            metadata[key] = ReadValue(r, r.ReadUInt32());
        }
        var tensors = new List<GgufTensorInfo>();
        for (long i = 0; i < tensorCount; i++)
        {
            var name = ReadString(r);
            var shape = new long[r.ReadUInt32()];
            for (var d = 0; d < shape.Length; d++)
            {
                shape[d] = (long)r.ReadUInt64();
            }
            tensors.Add(new GgufTensorInfo(name, shape, r.ReadUInt32(), (long)r.ReadUInt64()));
        }
        var alignment = metadata.TryGetValue("general.alignment", out var a) ? (uint)a : 32u;
        var dataStart = (stream.Position + alignment - 1) / alignment * alignment;
        return new GgufHeader(metadata, tensors, dataStart);
    }

    private static string ReadString(BinaryReader r) => Encoding.UTF8.GetString(r.ReadBytes((int)r.ReadUInt64()));

    // gguf_type: 0 u8, 1 i8, 2 u16, 3 i16, 4 u32, 5 i32, 6 f32, 7 bool, 8 string, 9 array, 10 u64, 11 i64, 12 f64.
    private static object ReadValue(BinaryReader r, uint type) => type switch
    {
        0 => r.ReadByte(),
        1 => r.ReadSByte(),
        2 => r.ReadUInt16(),
        3 => r.ReadInt16(),
        4 => r.ReadUInt32(),
        5 => r.ReadInt32(),
        6 => r.ReadSingle(),
        7 => r.ReadByte() != 0,
        8 => ReadString(r),
        9 => ReadArray(r),
        10 => r.ReadUInt64(),
        11 => r.ReadInt64(),
        12 => r.ReadDouble(),
        _ => throw new InvalidDataException($"unknown GGUF value type {type}"),
    };

    private static object ReadArray(BinaryReader r)
    {
        var elementType = r.ReadUInt32();
        var count = (int)r.ReadUInt64();
        var first = count > 0 ? ReadValue(r, elementType) : null;
        var array = System.Array.CreateInstance(first?.GetType() ?? typeof(object), count);
        if (first is not null)
        {
            array.SetValue(first, 0);
        }
        for (var i = 1; i < count; i++)
        {
            array.SetValue(ReadValue(r, elementType), i);
        }
        return array;
    }
}
