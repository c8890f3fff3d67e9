namespace MedPortal.Core.Documents;

/// <summary>One uploaded file in a consultation's record. The bytes are in <see cref="DocumentContent"/>, the text in <see cref="DocumentPassage"/>.</summary>
public sealed class StoredDocument
{
    /// <summary>Opaque identifier; safe to log.</summary>
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The consultation the file belongs to.</summary>
    public Guid ConsultationId { get; set; }

    /// <summary>The patient whose record it is.</summary>
    public required string PatientId { get; set; }

    /// <summary>Who uploaded it (user id).</summary>
    public required string UploadedBy { get; set; }

    /// <summary>The role they uploaded it in.</summary>
    public required string UploadedByRole { get; set; }

    /// <summary>When it was stored.</summary>
    public DateTimeOffset UploadedAt { get; set; }

    /// <summary>The name the file had on the uploader's computer (may be PHI: never log it).</summary>
    public required string FileName { get; set; }

    /// <summary>The type recognised from the bytes.</summary>
    public DocumentKind Kind { get; set; }

    /// <summary>Size in bytes.</summary>
    public long SizeBytes { get; set; }

    /// <summary>SHA-256 of the bytes, lower-case hex.</summary>
    public required string Sha256 { get; set; }

    /// <summary>Where the text extraction stands.</summary>
    public DocumentStatus Status { get; set; }

    /// <summary>What the user should know: why it is quarantined, pages without text, links not followed.</summary>
    public string? StatusDetail { get; set; }

    /// <summary>Pages, for PDFs.</summary>
    public int? PageCount { get; set; }
}

/// <summary>Where a document's text extraction stands.</summary>
public enum DocumentStatus
{
    /// <summary>Stored; a background job is reading (or will read) its text.</summary>
    Pending,

    /// <summary>The text was read; its passages are stored.</summary>
    Extracted,

    /// <summary>Stored, but reading text from this kind (scans: OCR; recordings: transcription) is not available yet.</summary>
    ExtractionNotAvailable,

    /// <summary>The file could not be read: kept aside for an administrator, with no passages.</summary>
    Quarantined,
}

/// <summary>The bytes of one document, apart from its metadata so that lists never load them.</summary>
public sealed class DocumentContent
{
    /// <summary>The document.</summary>
    public Guid DocumentId { get; set; }

    /// <summary>The file as uploaded.</summary>
    public required byte[] Bytes { get; set; }
}

/// <summary>One stored passage of a document's text with its provenance (see <see cref="ExtractedPassage"/>).</summary>
public sealed class DocumentPassage
{
    /// <summary>The document it came from.</summary>
    public Guid DocumentId { get; set; }

    /// <summary>Position among the document's passages, from 0.</summary>
    public int Sequence { get; set; }

    /// <summary>The page (PDF), from 1.</summary>
    public int? Page { get; set; }

    /// <summary>The paragraph index in the body (DOCX), from 0.</summary>
    public int? Paragraph { get; set; }

    /// <summary>First character in the document's text.</summary>
    public int StartOffset { get; set; }

    /// <summary>One past the last character in the document's text.</summary>
    public int EndOffset { get; set; }

    /// <summary>The text (PHI).</summary>
    public required string Text { get; set; }
}
