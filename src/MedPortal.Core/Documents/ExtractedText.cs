namespace MedPortal.Core.Documents;

/// <summary>The text taken from one document, passage by passage.</summary>
/// <param name="Passages">In reading order.</param>
/// <param name="PageCount">Pages, for paged formats.</param>
/// <param name="Note">What the reader should know (pages without text, links not followed), or null.</param>
public sealed record ExtractedText(IReadOnlyList<ExtractedPassage> Passages, int? PageCount, string? Note);

/// <summary>
/// One passage and where it came from: the page (PDF) or paragraph index (DOCX, counting every paragraph of the body,
/// empty ones too), and its character range in the document's text (the passages joined by <see cref="PassageList.Separator"/>).
/// </summary>
public sealed record ExtractedPassage(int? Page, int? Paragraph, int Start, int End, string Text);

/// <summary>How far reading a document has come.</summary>
/// <param name="Percent">0 to 100.</param>
/// <param name="Stage">What is being read, in a few words (no document text).</param>
public sealed record ExtractionProgress(int Percent, string Stage);

/// <summary>Receives <see cref="ExtractionProgress"/> while a document is read; awaited before the reader goes on.</summary>
public delegate ValueTask ExtractionProgressSink(ExtractionProgress progress, CancellationToken cancellationToken);

/// <summary>Collects passages with their offsets and enforces the character limit.</summary>
internal sealed class PassageList(int maxCharacters)
{
    /// <summary>What stands between two passages in the document's text.</summary>
    public const string Separator = "\n\n";

    private readonly List<ExtractedPassage> passages = [];
    private int length;

    public IReadOnlyList<ExtractedPassage> Passages => passages;

    public void Add(int? page, int? paragraph, string text)
    {
        var start = passages.Count == 0 ? 0 : length + Separator.Length;
        var end = start + text.Length;
        if (end > maxCharacters)
        {
            throw new DocumentUnreadableException($"This document holds more than {maxCharacters:N0} characters of text; it was not processed.");
        }
        passages.Add(new ExtractedPassage(page, paragraph, start, end, text));
        length = end;
    }

    /// <summary>Line endings made \n, runs of trailing spaces and blank edges removed.</summary>
    public static string Clean(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd());
        return string.Join('\n', lines).Trim('\n', ' ');
    }
}
