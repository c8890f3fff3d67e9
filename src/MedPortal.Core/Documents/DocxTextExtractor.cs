using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace MedPortal.Core.Documents;

/// <summary>Takes a Word document's body text paragraph by paragraph with the Open XML SDK, after <see cref="DocxPackageGuard"/> passed it.</summary>
public static class DocxTextExtractor
{
    /// <summary>Reads every paragraph of the body (tables included), or none.</summary>
    /// <param name="docx">The file.</param>
    /// <param name="options">The limits.</param>
    /// <param name="progress">Told after the package check and as the paragraphs are read.</param>
    /// <param name="cancellationToken">Checked before each paragraph.</param>
    /// <exception cref="DocumentUnreadableException">The package is a zip bomb or damaged.</exception>
    public static async Task<ExtractedText> ExtractAsync(byte[] docx, DocumentOptions options, ExtractionProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        if (progress is not null)
        {
            await progress(new ExtractionProgress(0, "Checking the Word package"), cancellationToken);
        }
        var report = DocxPackageGuard.Inspect(docx, options);
        try
        {
            // Read-only, no auto-save; the SDK resolves no relationship target outside the package.
            using var document = WordprocessingDocument.Open(new MemoryStream(docx, writable: false), false, new OpenSettings { AutoSave = false });
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new DocumentUnreadableException("This Word document has no body text part.");
            var passages = new PassageList(options.MaxExtractedCharacters);
            var index = 0;
            var paragraphs = body.Descendants<Paragraph>().ToList();
            foreach (var paragraph in paragraphs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (progress is not null)
                {
                    await progress(new ExtractionProgress(10 + (index * 90 / paragraphs.Count), $"Reading paragraph {index + 1} of {paragraphs.Count}"), cancellationToken);
                }
                var text = PassageList.Clean(TextOf(paragraph));
                if (text.Length > 0)
                {
                    passages.Add(null, index, text);
                }
                index++;
            }
            var note = report.ExternalRelationships.Count == 0 ? null
                : $"{report.ExternalRelationships.Count} {(report.ExternalRelationships.Count == 1 ? "reference" : "references")} to outside the document ({string.Join(", ", report.ExternalRelationships.Distinct())}) {(report.ExternalRelationships.Count == 1 ? "was" : "were")} not followed.";
            return new ExtractedText(passages.Passages, null, note);
        }
        // As for PDFs: whatever the SDK throws on a damaged package means "cannot be read".
        catch (Exception error) when (error is not DocumentUnreadableException and not OperationCanceledException and not OutOfMemoryException)
        {
            throw new DocumentUnreadableException("This Word document is damaged and its text cannot be read.", error);
        }
    }

    // Only visible text: deleted revisions (w:delText) and field codes (w:instrText) are other element types and are skipped.
    private static string TextOf(Paragraph paragraph)
    {
        var text = new StringBuilder();
        // A text box holds paragraphs of its own inside a run; they are passages of their own, not part of this one.
        foreach (var element in paragraph.Descendants().Where(e => e.Ancestors<Paragraph>().First() == paragraph))
        {
            switch (element)
            {
                case Text t:
                    text.Append(t.Text);
                    break;
                case TabChar:
                    text.Append('\t');
                    break;
                case Break or CarriageReturn:
                    text.Append('\n');
                    break;
            }
        }
        return text.ToString();
    }
}
