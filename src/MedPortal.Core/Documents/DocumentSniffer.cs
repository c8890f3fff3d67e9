using System.IO.Compression;

namespace MedPortal.Core.Documents;

/// <summary>
/// Recognises a file's type from its first bytes (its "magic number"), never from its name or the browser's claim.
/// A zip is a Word document only when it holds <c>[Content_Types].xml</c> and <c>word/document.xml</c>.
/// </summary>
public static class DocumentSniffer
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> ElfSignature => [0x7F, 0x45, 0x4C, 0x46];

    /// <summary>The kind of <paramref name="content"/>, or null when it is none MedPortal accepts.</summary>
    public static DocumentKind? Sniff(ReadOnlySpan<byte> content)
    {
        if (StartsWith(content, "%PDF-"u8))
        {
            return DocumentKind.Pdf;
        }
        if (content.StartsWith(PngSignature))
        {
            return DocumentKind.Png;
        }
        if (content.Length >= 3 && content[0] == 0xFF && content[1] == 0xD8 && content[2] == 0xFF)
        {
            return DocumentKind.Jpeg;
        }
        if (StartsWith(content, "II*\0"u8) || StartsWith(content, "MM\0*"u8))
        {
            return DocumentKind.Tiff;
        }
        if (content.Length >= 12 && StartsWith(content, "RIFF"u8) && content[8..12].SequenceEqual("WAVE"u8))
        {
            return DocumentKind.Wav;
        }
        if (StartsWith(content, "OggS"u8))
        {
            return DocumentKind.Ogg;
        }
        if (StartsWith(content, "ID3"u8) || IsMpegAudioFrame(content))
        {
            return DocumentKind.Mp3;
        }
        if (content.Length >= 4 && content[0] == 0x1A && content[1] == 0x45 && content[2] == 0xDF && content[3] == 0xA3)
        {
            // EBML: WebM and Matroska share the container; the DocType element says which.
            return content[..Math.Min(content.Length, 64)].IndexOf("webm"u8) >= 0 ? DocumentKind.WebM : null;
        }
        if (StartsWith(content, "PK\x03\x04"u8))
        {
            return IsWordPackage(content) ? DocumentKind.Docx : null;
        }
        return null;
    }

    /// <summary>What an unaccepted file seems to be, for a clearer message (e.g. "a program").</summary>
    public static string? DescribeUnaccepted(ReadOnlySpan<byte> content) =>
        StartsWith(content, "MZ"u8) || StartsWith(content, ElfSignature) ? "a program"
        : StartsWith(content, "PK\x03\x04"u8) ? "a zip archive that is not a Word document"
        : content.IsEmpty ? "empty"
        : null;

    // An MPEG-1/2 layer III frame header: 11 sync bits, a version other than "reserved", layer III.
    private static bool IsMpegAudioFrame(ReadOnlySpan<byte> content) =>
        content.Length >= 4 && content[0] == 0xFF && (content[1] & 0xE0) == 0xE0
        && ((content[1] >> 3) & 0x3) != 0x1 && ((content[1] >> 1) & 0x3) == 0x1
        && (content[2] >> 4) != 0xF && ((content[2] >> 2) & 0x3) != 0x3;

    private static bool IsWordPackage(ReadOnlySpan<byte> content)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content.ToArray(), writable: false), ZipArchiveMode.Read);
            return zip.GetEntry("[Content_Types].xml") is not null && zip.GetEntry("word/document.xml") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static bool StartsWith(ReadOnlySpan<byte> content, ReadOnlySpan<byte> prefix) => content.StartsWith(prefix);
}
