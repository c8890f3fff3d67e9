using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;

namespace MedPortal.Core.Documents;

/// <summary>Takes a PDF's text layer page by page with PdfPig: one passage per page that has text.</summary>
public static class PdfTextExtractor
{
    /// <summary>Reads every page, or none: any damaged page makes the whole file unreadable.</summary>
    /// <param name="pdf">The file.</param>
    /// <param name="options">The limits.</param>
    /// <param name="progress">Told after each page (awaited, so a slow listener slows the reading, never the reverse).</param>
    /// <param name="cancellationToken">Checked before each page.</param>
    /// <exception cref="DocumentUnreadableException">The PDF is damaged, encrypted or too large.</exception>
    public static async Task<ExtractedText> ExtractAsync(byte[] pdf, DocumentOptions options, ExtractionProgressSink? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            using var document = PdfDocument.Open(pdf, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = false });
            if (document.NumberOfPages > options.MaxPdfPages)
            {
                throw new DocumentUnreadableException($"This PDF has {document.NumberOfPages:N0} pages; at most {options.MaxPdfPages:N0} are read.");
            }
            var passages = new PassageList(options.MaxExtractedCharacters);
            var withoutText = new List<int>();
            for (var number = 1; number <= document.NumberOfPages; number++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (progress is not null)
                {
                    await progress(new ExtractionProgress((number - 1) * 100 / document.NumberOfPages, $"Reading page {number} of {document.NumberOfPages}"), cancellationToken);
                }
                var text = PassageList.Clean(ContentOrderTextExtractor.GetText(document.GetPage(number)));
                if (text.Length == 0)
                {
                    withoutText.Add(number);
                    continue;
                }
                passages.Add(number, null, text);
            }
            var note = withoutText.Count == 0 ? null
                : $"{(withoutText.Count == 1 ? "Page" : "Pages")} {string.Join(", ", withoutText)} {(withoutText.Count == 1 ? "has" : "have")} no text layer (a scan?); reading scanned pages (OCR) is not available yet.";
            return new ExtractedText(passages.Passages, document.NumberOfPages, note);
        }
        catch (PdfDocumentEncryptedException error)
        {
            throw new DocumentUnreadableException("This PDF is password-protected; upload an unprotected copy.", error);
        }
        // A damaged file surfaces as almost any exception from deep inside the parser; each one means "cannot be read".
        catch (Exception error) when (error is not DocumentUnreadableException and not OperationCanceledException and not OutOfMemoryException)
        {
            throw new DocumentUnreadableException("This PDF is damaged and its text cannot be read.", error);
        }
    }
}
