using System.Text;
using MedPortal.Core.Documents;

namespace MedPortal.Tests.Core.Documents;

public sealed class DocumentSnifferTests
{
    public static TheoryData<string, byte[], DocumentKind> Recognised => new()
    {
        { "pdf", TestFiles.TwoPageLetter(), DocumentKind.Pdf },
        { "docx", TestFiles.DischargeDocx(), DocumentKind.Docx },
        { "png", TestFiles.PngHeader(), DocumentKind.Png },
        { "jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00], DocumentKind.Jpeg },
        { "tiff little-endian", [0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00], DocumentKind.Tiff },
        { "tiff big-endian", [0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08], DocumentKind.Tiff },
        { "wav", TestFiles.Wav(), DocumentKind.Wav },
        { "mp3 with ID3 tag", [.. "ID3"u8, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00], DocumentKind.Mp3 },
        { "mp3 bare frame (MPEG-1 layer III, 128 kbit/s, 44.1 kHz)", [0xFF, 0xFB, 0x90, 0x64, 0x00, 0x00], DocumentKind.Mp3 },
        { "ogg", [.. "OggS"u8, 0x00, 0x02, 0x00, 0x00], DocumentKind.Ogg },
        { "webm", [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84, .. "webm"u8, 0x42, 0x87], DocumentKind.WebM },
    };

    [Theory]
    [MemberData(nameof(Recognised))]
    public void Sniff_AcceptedType_RecognisedFromBytes(string name, byte[] content, DocumentKind expected)
    {
        Assert.True(DocumentSniffer.Sniff(content) == expected, $"{name} was not recognised as {expected}");
    }

    public static TheoryData<string, byte[]> NotAccepted => new()
    {
        { "windows program", TestFiles.WindowsProgram() },
        { "linux program", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01] },
        { "plain zip", TestFiles.Zip([("notes.txt", "hello"u8.ToArray())]) },
        { "zip with a document part but no content types", TestFiles.Zip([("word/document.xml", "<w:document/>"u8.ToArray())]) },
        { "matroska video", [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x88, .. "matroska"u8] },
        { "AAC in ADTS (layer bits 00)", [0xFF, 0xF1, 0x50, 0x80, 0x00, 0x1F, 0xFC] },
        { "text", Encoding.UTF8.GetBytes("Dear colleague, please see this patient.") },
        { "truncated PDF signature", "%PD"u8.ToArray() },
        { "empty", [] },
    };

    [Theory]
    [MemberData(nameof(NotAccepted))]
    public void Sniff_OtherContent_Null(string name, byte[] content)
    {
        Assert.True(DocumentSniffer.Sniff(content) is null, $"{name} was accepted as {DocumentSniffer.Sniff(content)}");
    }

    [Fact]
    public void Sniff_ProgramRenamedPdf_NotAcceptedAndDescribedAsProgram()
    {
        // The name plays no part: only bytes go in.
        var renamed = TestFiles.WindowsProgram();

        Assert.Null(DocumentSniffer.Sniff(renamed));
        Assert.Equal("a program", DocumentSniffer.DescribeUnaccepted(renamed));
    }
}
