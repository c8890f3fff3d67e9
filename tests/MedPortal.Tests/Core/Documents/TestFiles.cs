using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace MedPortal.Tests.Core.Documents;

/// <summary>Real files made in code: a PDF written by hand (independent of PdfPig), DOCX through the Open XML SDK, zips.</summary>
internal static class TestFiles
{
    /// <summary>A valid PDF 1.4 with one page per entry, each line set in Helvetica; the cross-reference table is exact.</summary>
    public static byte[] Pdf(params string[][] pages)
    {
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "", // the page tree, filled below once the page numbers are known
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        };
        var kids = new List<string>();
        foreach (var lines in pages)
        {
            var content = new StringBuilder("BT /F1 12 Tf 72 720 Td 16 TL\n");
            foreach (var line in lines)
            {
                content.Append('(').Append(line.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal)).Append(") Tj T*\n");
            }
            content.Append("ET");
            objects.Add($"<< /Length {Encoding.Latin1.GetByteCount(content.ToString())} >>\nstream\n{content}\nendstream");
            var contentNumber = objects.Count;
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {contentNumber} 0 R >>");
            kids.Add($"{objects.Count} 0 R");
        }
        objects[1] = $"<< /Type /Pages /Kids [{string.Join(' ', kids)}] /Count {pages.Length} >>";

        var pdf = new StringBuilder("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(Encoding.Latin1.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Encoding.Latin1.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(pdf.ToString());
    }

    /// <summary>The two-page referral letter the tests upload.</summary>
    public static byte[] TwoPageLetter() => Pdf(
        ["Referral letter", "Dear colleague, thank you for seeing this patient.", "She reports chest tightness on exertion."],
        ["Page two of the letter.", "Current medication: atorvastatin 20 mg at night."]);

    /// <summary>A Word document with these body paragraphs ("" makes an empty paragraph), built with the Open XML SDK.</summary>
    public static byte[] Docx(IEnumerable<string> paragraphs, Action<MainDocumentPart>? extra = null)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body(paragraphs.Select(text => text.Length == 0 ? new Paragraph() : new Paragraph(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve })))));
            extra?.Invoke(main);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    /// <summary>The discharge summary the tests upload.</summary>
    public static byte[] DischargeDocx() => Docx(["Discharge summary", "", "Diagnosis: community-acquired pneumonia.", "Allergies: penicillin (rash)."]);

    /// <summary>A zip with these entries, compressed as tightly as deflate can.</summary>
    public static byte[] Zip(IEnumerable<(string Name, byte[] Content)> entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                entry.Write(content);
            }
        }
        return stream.ToArray();
    }

    /// <summary>A Word-shaped zip whose document part is <paramref name="documentBytes"/> of zeros: a zip bomb of ratio ~1000.</summary>
    public static byte[] ZipBomb(int documentBytes = 16 * 1024 * 1024) => Zip(
    [
        ("[Content_Types].xml", Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>")),
        ("word/document.xml", new byte[documentBytes]),
    ]);

    /// <summary>A real PCM WAV: <paramref name="seconds"/> of silence at 16 kHz, mono, 16-bit.</summary>
    public static byte[] Wav(double seconds = 0.5)
    {
        var samples = (int)(16000 * seconds);
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write("RIFF"u8);
        writer.Write(36 + (samples * 2));
        writer.Write("WAVEfmt "u8);
        writer.Write(16);
        writer.Write((short)1);
        writer.Write((short)1);
        writer.Write(16000);
        writer.Write(32000);
        writer.Write((short)2);
        writer.Write((short)16);
        writer.Write("data"u8);
        writer.Write(samples * 2);
        writer.Write(new byte[samples * 2]);
        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>The signature and header chunk of a 1×1 PNG (enough for type recognition; nothing decodes images yet).</summary>
    public static byte[] PngHeader() =>
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0x90, 0x77, 0x53, 0xDE];

    /// <summary>The first bytes of a Windows program (an MS-DOS stub and PE header), to be renamed .pdf.</summary>
    public static byte[] WindowsProgram()
    {
        var exe = new byte[1024];
        "MZ"u8.CopyTo(exe);
        BitConverter.GetBytes(0x80).CopyTo(exe, 0x3C);
        "This program cannot be run in DOS mode."u8.CopyTo(exe.AsSpan(0x4E));
        "PE\0\0"u8.CopyTo(exe.AsSpan(0x80));
        return exe;
    }
}
