using System.Buffers.Binary;
using System.Text;
using MedPortal.Inference.Native;

namespace MedPortal.Inference;

/// <summary>
/// Checks a GGUF file's structure in managed code before llama.cpp sees it: magic, version, bounded counts, every
/// metadata value and tensor description inside the file, known tensor types, and every tensor's data inside the data
/// section. Sizes read from the file are never trusted: each is checked against the bytes that remain before anything
/// is allocated or skipped, so a damaged or hostile file gives a clear reason instead of a native crash.
/// </summary>
public static class GgufValidator
{
    /// <summary>More tensors than any real model has (large MoE models have a few thousand).</summary>
    public const ulong MaxTensors = 65_536;

    /// <summary>More metadata entries than any real model has.</summary>
    public const ulong MaxMetadataEntries = 65_536;

    /// <summary>Longest metadata string accepted (chat templates are tens of KB).</summary>
    public const ulong MaxStringBytes = 16 * 1024 * 1024;

    /// <summary>Longest key or tensor name accepted.</summary>
    public const ulong MaxNameBytes = 1024;

    /// <summary>Most elements in one metadata array (vocabularies and merges are a few hundred thousand).</summary>
    public const ulong MaxArrayElements = 16 * 1024 * 1024;

    private const int MaxDimensions = 4;

    // ggml_type → (elements per block, bytes per block), from ggml.h / ggml.c type_traits of the pinned llama.cpp
    // (v0.5.0 in node-llama-cpp 3.22.1). Removed ids (4, 5, 31–33, 36–38) are absent, as llama.cpp rejects them too.
    // GgufValidatorTests compares this table with ggml_blck_size / ggml_type_size of the loaded library.
    internal static readonly IReadOnlyDictionary<uint, (int Block, int Bytes)> TensorTypes = new Dictionary<uint, (int, int)>
    {
        [0] = (1, 4), // F32
        [1] = (1, 2), // F16
        [2] = (32, 18), // Q4_0
        [3] = (32, 20), // Q4_1
        [6] = (32, 22), // Q5_0
        [7] = (32, 24), // Q5_1
        [8] = (32, 34), // Q8_0
        [9] = (32, 36), // Q8_1
        [10] = (256, 84), // Q2_K
        [11] = (256, 110), // Q3_K
        [12] = (256, 144), // Q4_K
        [13] = (256, 176), // Q5_K
        [14] = (256, 210), // Q6_K
        [15] = (256, 292), // Q8_K
        [16] = (256, 66), // IQ2_XXS
        [17] = (256, 74), // IQ2_XS
        [18] = (256, 98), // IQ3_XXS
        [19] = (256, 50), // IQ1_S
        [20] = (32, 18), // IQ4_NL
        [21] = (256, 110), // IQ3_S
        [22] = (256, 82), // IQ2_S
        [23] = (256, 136), // IQ4_XS
        [24] = (1, 1), // I8
        [25] = (1, 2), // I16
        [26] = (1, 4), // I32
        [27] = (1, 8), // I64
        [28] = (1, 8), // F64
        [29] = (256, 56), // IQ1_M
        [30] = (1, 2), // BF16
        [34] = (256, 54), // TQ1_0
        [35] = (256, 66), // TQ2_0
        [39] = (32, 17), // MXFP4
        [40] = (64, 36), // NVFP4
        [41] = (128, 18), // Q1_0
        [42] = (64, 18), // Q2_0
    };

    /// <summary>Validates the file at <paramref name="path"/>.</summary>
    /// <exception cref="InferenceUnavailableException">The file is missing or not a well-formed GGUF model; the message says what is wrong.</exception>
    public static void Validate(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
        {
            throw new InferenceUnavailableException($"The model file {path} does not exist. Run './medportal model fetch NAME' or fix Inference:ModelPath.");
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.SequentialScan);
        var reader = new Reader(stream, name);
        if (stream.Length < 4 || !reader.Bytes(4).SequenceEqual("GGUF"u8))
        {
            throw new InferenceUnavailableException($"{name} is not a GGUF model file (it does not start with 'GGUF').");
        }
        var version = reader.U32("the version");
        if (version is not (2 or 3))
        {
            throw reader.Invalid($"GGUF version {version} is not supported (2 or 3 expected)");
        }
        var tensorCount = reader.U64("the tensor count");
        var metadataCount = reader.U64("the metadata count");
        if (tensorCount == 0 || tensorCount > MaxTensors)
        {
            throw reader.Invalid($"it declares {tensorCount:N0} tensors (1 to {MaxTensors:N0} expected)");
        }
        if (metadataCount > MaxMetadataEntries)
        {
            throw reader.Invalid($"it declares {metadataCount:N0} metadata entries (at most {MaxMetadataEntries:N0} expected)");
        }
        ulong alignment = 32;
        for (ulong i = 0; i < metadataCount; i++)
        {
            var key = reader.String(MaxNameBytes, "a metadata key");
            var type = reader.U32($"the type of '{key}'");
            if (key == "general.alignment")
            {
                if (type != 4)
                {
                    throw reader.Invalid("general.alignment is not a u32");
                }
                alignment = reader.U32("general.alignment");
                if (alignment == 0 || (alignment & (alignment - 1)) != 0 || alignment > 1 << 20)
                {
                    throw reader.Invalid($"general.alignment {alignment} is not a power of two up to 1 MiB");
                }
                continue;
            }
            reader.SkipValue(type, key);
        }
        var tensors = new List<(string Name, ulong Size, ulong Offset)>((int)tensorCount);
        for (ulong i = 0; i < tensorCount; i++)
        {
            var tensor = reader.String(MaxNameBytes, "a tensor name");
            var dimensions = reader.U32($"the dimension count of tensor '{tensor}'");
            if (dimensions is 0 or > MaxDimensions)
            {
                throw reader.Invalid($"tensor '{tensor}' has {dimensions} dimensions (1 to {MaxDimensions} expected)");
            }
            ulong elements = 1;
            ulong first = 0;
            for (var d = 0; d < dimensions; d++)
            {
                var size = reader.U64($"a dimension of tensor '{tensor}'");
                if (size == 0 || size > long.MaxValue)
                {
                    throw reader.Invalid($"tensor '{tensor}' has a dimension of {size}");
                }
                first = d == 0 ? size : first;
                elements = Multiply(elements, size, reader, tensor);
            }
            var tensorType = reader.U32($"the type of tensor '{tensor}'");
            if (!TensorTypes.TryGetValue(tensorType, out var layout))
            {
                throw reader.Invalid($"tensor '{tensor}' has unknown ggml type {tensorType}");
            }
            if (first % (ulong)layout.Block != 0)
            {
                throw reader.Invalid($"tensor '{tensor}' has a first dimension of {first}, not a multiple of its type's block of {layout.Block}");
            }
            var bytes = Multiply(elements / (ulong)layout.Block, (ulong)layout.Bytes, reader, tensor);
            var offset = reader.U64($"the data offset of tensor '{tensor}'");
            if (offset % alignment != 0)
            {
                throw reader.Invalid($"tensor '{tensor}' starts at offset {offset}, not a multiple of the alignment {alignment}");
            }
            tensors.Add((tensor, bytes, offset));
        }
        var dataStart = (ulong)stream.Position;
        dataStart = (dataStart + alignment - 1) / alignment * alignment;
        var dataBytes = (ulong)stream.Length < dataStart ? 0 : (ulong)stream.Length - dataStart;
        foreach (var (tensor, size, offset) in tensors)
        {
            if (offset > dataBytes || size > dataBytes - offset)
            {
                throw reader.Invalid($"the data of tensor '{tensor}' ({size:N0} bytes at offset {offset:N0}) lies past the end of the file (the data section holds {dataBytes:N0} bytes; is the file truncated?)");
            }
        }
    }

    private static ulong Multiply(ulong a, ulong b, Reader reader, string tensor)
    {
        try
        {
            return checked(a * b);
        }
        catch (OverflowException)
        {
            throw reader.Invalid($"the size of tensor '{tensor}' overflows");
        }
    }

    private sealed class Reader(FileStream stream, string name)
    {
        private readonly byte[] buffer = new byte[64 * 1024];

        private ulong Remaining => (ulong)(stream.Length - stream.Position);

        public InferenceUnavailableException Invalid(string detail) =>
            new($"{name} is not a valid GGUF model: {detail}. Download it again ('./medportal model fetch NAME') or choose another file.");

        public ReadOnlySpan<byte> Bytes(int count, string what = "the header")
        {
            if ((ulong)count > Remaining)
            {
                throw Invalid($"the file ends inside {what} (truncated)");
            }
            stream.ReadExactly(buffer, 0, count);
            return buffer.AsSpan(0, count);
        }

        public uint U32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4, what));

        public ulong U64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Bytes(8, what));

        public string String(ulong cap, string what)
        {
            var length = U64(what);
            if (length > cap)
            {
                throw Invalid($"{what} is {length:N0} bytes long (at most {cap:N0} accepted)");
            }
            if (length > Remaining)
            {
                throw Invalid($"the file ends inside {what} (truncated)");
            }
            if (length > (ulong)buffer.Length)
            {
                stream.Seek((long)length, SeekOrigin.Current);
                return "(long string)";
            }
            return Encoding.UTF8.GetString(Bytes((int)length, what));
        }

        public void Skip(ulong count, string what)
        {
            if (count > Remaining)
            {
                throw Invalid($"the file ends inside {what} (truncated)");
            }
            stream.Seek((long)count, SeekOrigin.Current);
        }

        // gguf_type: 0 u8, 1 i8, 2 u16, 3 i16, 4 u32, 5 i32, 6 f32, 7 bool, 8 string, 9 array, 10 u64, 11 i64, 12 f64.
        public void SkipValue(uint type, string key)
        {
            switch (type)
            {
                case 0 or 1 or 7:
                    Skip(1, $"the value of '{key}'");
                    break;
                case 2 or 3:
                    Skip(2, $"the value of '{key}'");
                    break;
                case 4 or 5 or 6:
                    Skip(4, $"the value of '{key}'");
                    break;
                case 10 or 11 or 12:
                    Skip(8, $"the value of '{key}'");
                    break;
                case 8:
                    String(MaxStringBytes, $"the value of '{key}'");
                    break;
                case 9:
                    var elementType = U32($"the element type of '{key}'");
                    var count = U64($"the length of '{key}'");
                    if (count > MaxArrayElements)
                    {
                        throw Invalid($"'{key}' has {count:N0} elements (at most {MaxArrayElements:N0} accepted)");
                    }
                    if (elementType == 9)
                    {
                        throw Invalid($"'{key}' is an array of arrays");
                    }
                    var fixedSize = elementType switch
                    {
                        0 or 1 or 7 => 1UL,
                        2 or 3 => 2UL,
                        4 or 5 or 6 => 4UL,
                        10 or 11 or 12 => 8UL,
                        8 => 0UL,
                        _ => throw Invalid($"'{key}' has elements of unknown type {elementType}"),
                    };
                    if (fixedSize > 0)
                    {
                        // count ≤ MaxArrayElements and fixedSize ≤ 8: the product cannot overflow.
                        Skip(count * fixedSize, $"the value of '{key}'");
                        break;
                    }
                    // Every string needs at least its 8-byte length: refuse counts the file cannot hold before looping.
                    if (count > Remaining / 8)
                    {
                        throw Invalid($"the file ends inside '{key}' (truncated)");
                    }
                    for (ulong i = 0; i < count; i++)
                    {
                        String(MaxStringBytes, $"an element of '{key}'");
                    }
                    break;
                default:
                    throw Invalid($"'{key}' has unknown value type {type}");
            }
        }
    }
}
