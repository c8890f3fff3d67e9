using System.Net;
using System.Net.Sockets;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using MedPortal.Core.Documents;

namespace MedPortal.Tests.Core.Documents;

public sealed class DocxPackageGuardTests
{
    private static readonly DocumentOptions Defaults = new();

    [Fact]
    public void Inspect_RealDocument_PassesWithItsSizes()
    {
        var docx = TestFiles.DischargeDocx();

        var report = DocxPackageGuard.Inspect(docx, Defaults);

        Assert.True(report.Entries >= 3, $"only {report.Entries} parts");
        Assert.True(report.UncompressedBytes > docx.Length / 2, $"{report.UncompressedBytes} bytes unzipped");
        Assert.Empty(report.ExternalRelationships);
    }

    [Fact]
    public void Inspect_ZipBomb_RefusedAsZipBomb()
    {
        var bomb = TestFiles.ZipBomb();

        var error = Assert.Throws<DocumentUnreadableException>(() => DocxPackageGuard.Inspect(bomb, Defaults));

        Assert.Contains("zip bomb", error.Message, StringComparison.Ordinal);
        Assert.True(bomb.Length < 100 * 1024, $"the bomb is {bomb.Length} bytes: not a bomb");
    }

    [Fact]
    public void Inspect_UnzipsPastTotalLimit_RefusedWithTheLimit()
    {
        // Random bytes do not compress: the ratio is ~1, only the total size can catch this.
        var random = new byte[3 * 1024 * 1024];
        new Random(13).NextBytes(random);
        var docx = TestFiles.Zip([("[Content_Types].xml", "<Types/>"u8.ToArray()), ("word/document.xml", "<w:document/>"u8.ToArray()), ("word/media/a.bin", random)]);
        var options = new DocumentOptions { MaxDocxUncompressedBytes = 2 * 1024 * 1024 };

        var error = Assert.Throws<DocumentUnreadableException>(() => DocxPackageGuard.Inspect(docx, options));

        Assert.Contains("more than 2 MB", error.Message, StringComparison.Ordinal);
        DocxPackageGuard.Inspect(docx, Defaults);
    }

    [Fact]
    public void Inspect_TooManyParts_RefusedWithTheCount()
    {
        var docx = TestFiles.Zip(Enumerable.Range(0, 12).Select(i => ($"word/part{i}.xml", "<x/>"u8.ToArray())));

        var error = Assert.Throws<DocumentUnreadableException>(() => DocxPackageGuard.Inspect(docx, new DocumentOptions { MaxDocxEntries = 10 }));

        Assert.Contains("12 parts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_NotAZip_Damaged()
    {
        var broken = TestFiles.DischargeDocx()[..200];

        var error = Assert.Throws<DocumentUnreadableException>(() => DocxPackageGuard.Inspect(broken, Defaults));

        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_ExternalTemplateImageAndLink_ReportedNeverFetched()
    {
        // A listener that counts connections: a reader that followed any of the external targets would reach it.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/";
        var docx = TestFiles.Docx(["Letter body."], main =>
        {
            main.AddExternalRelationship("http://schemas.openxmlformats.org/officeDocument/2006/relationships/image", new Uri(url + "logo.png"));
            main.AddHyperlinkRelationship(new Uri(url + "portal"), true);
            main.AddNewPart<DocumentSettingsPart>().Settings = new Settings();
            main.DocumentSettingsPart!.AddExternalRelationship("http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate", new Uri(url + "template.dotm"));
        });

        var report = DocxPackageGuard.Inspect(docx, Defaults);
        var text = await DocxTextExtractor.ExtractAsync(docx, Defaults);
        // Extraction is synchronous: a connection it had made would be waiting in the backlog now.
        var connected = listener.Pending();

        Assert.Equal(["attachedTemplate", "hyperlink", "image"], report.ExternalRelationships.Order(StringComparer.Ordinal));
        Assert.Equal("Letter body.", Assert.Single(text.Passages).Text);
        Assert.Contains("3 references to outside the document", text.Note, StringComparison.Ordinal);
        Assert.Contains("not followed", text.Note, StringComparison.Ordinal);
        Assert.False(connected, "something connected to the external target");
    }
}
