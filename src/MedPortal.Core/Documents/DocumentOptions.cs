using System.ComponentModel.DataAnnotations;

namespace MedPortal.Core.Documents;

/// <summary>Limits on uploaded documents (configuration section <c>Documents</c>).</summary>
public sealed class DocumentOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Documents";

    private const long MiB = 1024 * 1024;

    /// <summary>Largest PDF accepted, in bytes.</summary>
    [Range(1, 500 * MiB)]
    public long MaxPdfBytes { get; set; } = 25 * MiB;

    /// <summary>Largest Word document accepted, in bytes (compressed, as uploaded).</summary>
    [Range(1, 200 * MiB)]
    public long MaxDocxBytes { get; set; } = 10 * MiB;

    /// <summary>Largest PNG, JPEG or TIFF accepted, in bytes.</summary>
    [Range(1, 500 * MiB)]
    public long MaxImageBytes { get; set; } = 20 * MiB;

    /// <summary>Largest WAV, MP3, OGG or WebM recording accepted, in bytes.</summary>
    [Range(1, 1024 * MiB)]
    public long MaxAudioBytes { get; set; } = 50 * MiB;

    /// <summary>Most a Word document may expand to when unzipped, all parts together, in bytes.</summary>
    [Range(1, 2048 * MiB)]
    public long MaxDocxUncompressedBytes { get; set; } = 100 * MiB;

    /// <summary>Highest ratio of unzipped to zipped size, for any part and for the whole package (zip bombs reach 1000).</summary>
    [Range(2, 10_000)]
    public int MaxDocxCompressionRatio { get; set; } = 200;

    /// <summary>Most parts a Word document may have.</summary>
    [Range(1, 100_000)]
    public int MaxDocxEntries { get; set; } = 2_000;

    /// <summary>Most pages read from a PDF.</summary>
    [Range(1, 100_000)]
    public int MaxPdfPages { get; set; } = 1_000;

    /// <summary>Most characters of text kept from one document.</summary>
    [Range(1, 100_000_000)]
    public int MaxExtractedCharacters { get; set; } = 5_000_000;

    /// <summary>The limit for one kind, in bytes.</summary>
    public long MaxBytes(DocumentKind kind) =>
        kind == DocumentKind.Pdf ? MaxPdfBytes
        : kind == DocumentKind.Docx ? MaxDocxBytes
        : kind.IsImage() ? MaxImageBytes
        : MaxAudioBytes;

    /// <summary>The largest file of any kind: more than this is refused before it is read.</summary>
    public long MaxAnyBytes => Math.Max(Math.Max(MaxPdfBytes, MaxDocxBytes), Math.Max(MaxImageBytes, MaxAudioBytes));
}
