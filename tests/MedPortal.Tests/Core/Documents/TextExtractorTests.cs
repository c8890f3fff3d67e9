using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Wordprocessing;
using MedPortal.Core.Documents;

namespace MedPortal.Tests.Core.Documents;

public sealed class TextExtractorTests
{
    private static readonly DocumentOptions Defaults = new();

    // The document's text is the passages joined by the separator: offsets must point into exactly that.
    private static void AssertOffsetsPointBack(ExtractedText text)
    {
        var whole = string.Join(PassageList.Separator, text.Passages.Select(p => p.Text));
        Assert.All(text.Passages, p => Assert.Equal(p.Text, whole[p.Start..p.End]));
    }

    [Fact]
    public async Task Pdf_TwoPageLetter_OnePassagePerPageWithPageNumbers()
    {
        var text = await PdfTextExtractor.ExtractAsync(TestFiles.TwoPageLetter(), Defaults);

        Assert.Equal(2, text.PageCount);
        Assert.Equal([1, 2], text.Passages.Select(p => p.Page));
        Assert.All(text.Passages, p => Assert.Null(p.Paragraph));
        Assert.Contains("She reports chest tightness on exertion.", text.Passages[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("atorvastatin", text.Passages[0].Text, StringComparison.Ordinal);
        Assert.Contains("Current medication: atorvastatin 20 mg at night.", text.Passages[1].Text, StringComparison.Ordinal);
        Assert.Null(text.Note);
        AssertOffsetsPointBack(text);
    }

    [Fact]
    public async Task Pdf_PageWithoutText_SkippedAndNamedInTheNote()
    {
        var text = await PdfTextExtractor.ExtractAsync(TestFiles.Pdf(["first"], [], ["third"]), Defaults);

        Assert.Equal([1, 3], text.Passages.Select(p => p.Page));
        Assert.Contains("Page 2 has no text layer", text.Note, StringComparison.Ordinal);
        Assert.Contains("not available yet", text.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_Truncated_Unreadable()
    {
        var pdf = TestFiles.TwoPageLetter();

        var error = await Assert.ThrowsAsync<DocumentUnreadableException>(() => PdfTextExtractor.ExtractAsync(pdf[..(pdf.Length / 3)], Defaults));

        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_MorePagesThanAllowed_UnreadableWithTheLimit()
    {
        var error = await Assert.ThrowsAsync<DocumentUnreadableException>(() => PdfTextExtractor.ExtractAsync(TestFiles.TwoPageLetter(), new DocumentOptions { MaxPdfPages = 1 }));

        Assert.Contains("2 pages; at most 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_MoreTextThanAllowed_UnreadableNothingReturned()
    {
        var error = await Assert.ThrowsAsync<DocumentUnreadableException>(() => PdfTextExtractor.ExtractAsync(TestFiles.TwoPageLetter(), new DocumentOptions { MaxExtractedCharacters = 120 }));

        Assert.Contains("more than 120 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docx_Paragraphs_OnePassageEachWithBodyIndex()
    {
        var text = await DocxTextExtractor.ExtractAsync(TestFiles.DischargeDocx(), Defaults);

        Assert.Equal(["Discharge summary", "Diagnosis: community-acquired pneumonia.", "Allergies: penicillin (rash)."], text.Passages.Select(p => p.Text));
        // The empty paragraph 1 has no passage but keeps its place in the numbering.
        Assert.Equal([0, 2, 3], text.Passages.Select(p => p.Paragraph));
        Assert.All(text.Passages, p => Assert.Null(p.Page));
        Assert.Null(text.PageCount);
        AssertOffsetsPointBack(text);
    }

    [Fact]
    public async Task Docx_DeletedRevisionTableAndTab_OnlyVisibleTextKept()
    {
        var docx = TestFiles.Docx([], main => main.Document.Body!.Append(
            new Paragraph(new Run(new Text("Dose:")), new Run(new TabChar(), new Text("5 mg"))),
            new Paragraph(new DeletedRun(new Run(new DeletedText("10 mg"))) { Author = "x", Id = "1" }, new Run(new Text("kept"))),
            new Table(new TableRow(new TableCell(new Paragraph(new Run(new Text("in a table")))))),
            new Paragraph(new Run(new FieldCode(" HYPERLINK \"http://example.org\" ") { Space = SpaceProcessingModeValues.Preserve }), new Run(new Text("link text")))));

        var text = await DocxTextExtractor.ExtractAsync(docx, Defaults);

        Assert.Equal(["Dose:\t5 mg", "kept", "in a table", "link text"], text.Passages.Select(p => p.Text));
    }

    [Fact]
    public async Task Docx_DocumentPartNotXml_UnreadableDamaged()
    {
        using var stream = new MemoryStream();
        stream.Write(TestFiles.DischargeDocx());
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("word/document.xml")!.Delete();
            using var part = zip.CreateEntry("word/document.xml").Open();
            part.Write("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p>"u8);
        }

        var error = await Assert.ThrowsAsync<DocumentUnreadableException>(() => DocxTextExtractor.ExtractAsync(stream.ToArray(), Defaults));

        Assert.Equal("This Word document is damaged and its text cannot be read.", error.Message);
    }

    [Fact]
    public async Task Docx_ZipBomb_UnreadableBeforeParsing()
    {
        var error = await Assert.ThrowsAsync<DocumentUnreadableException>(() => DocxTextExtractor.ExtractAsync(TestFiles.ZipBomb(), Defaults));

        Assert.Contains("zip bomb", error.Message, StringComparison.Ordinal);
    }
}
