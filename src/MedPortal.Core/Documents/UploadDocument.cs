using System.Security.Cryptography;
using MedPortal.Core.Audit;
using MedPortal.Core.Data;
using MedPortal.Core.Documents.Jobs;
using MedPortal.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MedPortal.Core.Documents;

/// <summary>
/// Puts a file into a consultation's record: checks who may, refuses what is not an accepted type (by its bytes) or too
/// large, and stores the file and its hash with the audit event and, for PDF and Word documents, a queued text
/// extraction job (<see cref="DocumentJobQueue"/>), all in one transaction. The job reads the text in the background;
/// a file it cannot read goes to quarantine there, with the reason and no passages.
/// </summary>
public sealed class UploadDocument(IDbContextFactory<MedPortalDb> contexts, AuditLog audit, DocumentJobQueue jobs, IOptions<DocumentOptions> options, TimeProvider clock)
{
    private const int MiB = 1024 * 1024;

    /// <summary>Who may upload into a consultation: any clinician, or the patient whose consultation it is.</summary>
    public static bool MayUpload(AuditActor actor, string patientId) =>
        actor.Role == Roles.Clinician || (actor.Role == Roles.Patient && actor.UserId == patientId);

    /// <summary>Stores <paramref name="content"/> in consultation <paramref name="consultationId"/>.</summary>
    /// <param name="actor">Who uploads.</param>
    /// <param name="consultationId">The consultation whose record receives the file.</param>
    /// <param name="fileName">The name on the uploader's computer; shown, never trusted.</param>
    /// <param name="content">The bytes; read once, up to the largest size of any accepted type.</param>
    /// <param name="length">The announced size, for progress and an early refusal; null when unknown.</param>
    /// <param name="progress">Stages and percent received.</param>
    /// <param name="cancellationToken">Stops the upload; nothing is stored.</param>
    /// <returns>The stored document: pending (its text job is queued), or stored without text (scans, recordings).</returns>
    /// <exception cref="DocumentRejectedException">Not allowed, not an accepted type, too large, or already there; nothing was stored.</exception>
    public async Task<StoredDocument> UploadAsync(AuditActor actor, Guid consultationId, string fileName, Stream content, long? length = null,
        IProgress<UploadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(content);
        var limits = options.Value;
        var patientId = await PatientOfAsync(consultationId, cancellationToken);
        if (patientId is null || !MayUpload(actor, patientId))
        {
            // Refused exactly like a missing consultation, so that ids cannot be probed.
            await audit.WriteAsync(actor, "document.upload-denied", "consultation", consultationId.ToString(), cancellationToken);
            throw new DocumentRejectedException("This consultation does not exist.");
        }
        if (length > limits.MaxAnyBytes)
        {
            await RejectAsync(actor, consultationId, cancellationToken);
            throw new DocumentRejectedException($"This file is {Megabytes(length.Value)}; no file over {Megabytes(limits.MaxAnyBytes)} is accepted.");
        }
        var bytes = await ReceiveAsync(content, length, limits.MaxAnyBytes, progress, cancellationToken)
            ?? await RejectedAsync<byte[]>(actor, consultationId, $"This file is larger than {Megabytes(limits.MaxAnyBytes)}; no file over that is accepted.", cancellationToken);
        progress?.Report(new UploadProgress(UploadStage.Checking, 100));
        var kind = DocumentSniffer.Sniff(bytes)
            ?? await RejectedAsync<DocumentKind>(actor, consultationId, NotAcceptedMessage(bytes), cancellationToken);
        if (bytes.Length > limits.MaxBytes(kind))
        {
            await RejectedAsync<bool>(actor, consultationId, $"This {kind.Describe()} is {Megabytes(bytes.Length)}; the limit for this type is {Megabytes(limits.MaxBytes(kind))}.", cancellationToken);
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (await UploadedAtAsync(consultationId, hash, cancellationToken) is { } earlier)
        {
            await RejectedAsync<bool>(actor, consultationId, Duplicate(earlier), cancellationToken);
        }

        var document = new StoredDocument
        {
            ConsultationId = consultationId,
            PatientId = patientId,
            UploadedBy = actor.UserId,
            UploadedByRole = actor.Role,
            UploadedAt = clock.GetUtcNow(),
            FileName = CleanName(fileName),
            Kind = kind,
            SizeBytes = bytes.Length,
            Sha256 = hash,
        };
        (document.Status, document.StatusDetail) = TextJobFor(kind) is null
            ? (DocumentStatus.ExtractionNotAvailable, NotAvailable(kind))
            : (DocumentStatus.Pending, null);

        progress?.Report(new UploadProgress(UploadStage.Saving, 100));
        await SaveAsync(actor, document, bytes, cancellationToken);
        return document;
    }

    /// <summary>The job that reads text from a kind, or null when none can yet (scans: OCR; recordings: transcription).</summary>
    public static DocumentJobKind? TextJobFor(DocumentKind kind) => kind is DocumentKind.Pdf or DocumentKind.Docx ? DocumentJobKind.ExtractText : null;

    private async Task SaveAsync(AuditActor actor, StoredDocument document, byte[] bytes, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Documents.Add(document);
        db.DocumentContents.Add(new DocumentContent { DocumentId = document.Id, Bytes = bytes });
        try
        {
            await audit.AppendAsync(db, actor, "document.upload", "document", document.Id.ToString(), cancellationToken);
            if (TextJobFor(document.Kind) is { } kind)
            {
                await jobs.AddAsync(db, actor, document, kind, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // The same file arrived twice at once: the first one stays, the second is refused.
            await transaction.RollbackAsync(CancellationToken.None);
            var earlier = await UploadedAtAsync(document.ConsultationId, document.Sha256, CancellationToken.None);
            await RejectedAsync<bool>(actor, document.ConsultationId, Duplicate(earlier ?? document.UploadedAt), CancellationToken.None);
        }
        jobs.Wake();
    }

    private static async Task<byte[]?> ReceiveAsync(Stream content, long? length, long max, IProgress<UploadProgress>? progress, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(length is > 0 ? (int)Math.Min(length.Value, max) : 0);
        var chunk = new byte[256 * 1024];
        int read;
        var lastReported = -1;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
            if (length is > 0 && progress is not null)
            {
                var percent = (int)Math.Min(100, buffer.Length * 100 / length.Value);
                if (percent != lastReported)
                {
                    lastReported = percent;
                    progress.Report(new UploadProgress(UploadStage.Receiving, percent));
                }
            }
        }
        return buffer.ToArray();
    }

    private async Task<string?> PatientOfAsync(Guid consultationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Consultations.Where(c => c.Id == consultationId).Select(c => c.PatientId).FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<DateTimeOffset?> UploadedAtAsync(Guid consultationId, string hash, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Documents.Where(d => d.ConsultationId == consultationId && d.Sha256 == hash)
            .Select(d => (DateTimeOffset?)d.UploadedAt).FirstOrDefaultAsync(cancellationToken);
    }

    private Task RejectAsync(AuditActor actor, Guid consultationId, CancellationToken cancellationToken) =>
        audit.WriteAsync(actor, "document.upload-rejected", "consultation", consultationId.ToString(), cancellationToken);

    // Typed so that it can stand on the right of ?? : it never returns.
    private async Task<T> RejectedAsync<T>(AuditActor actor, Guid consultationId, string message, CancellationToken cancellationToken)
    {
        await RejectAsync(actor, consultationId, cancellationToken);
        throw new DocumentRejectedException(message);
    }

    private static string NotAcceptedMessage(ReadOnlySpan<byte> bytes) =>
        (DocumentSniffer.DescribeUnaccepted(bytes) is { } seems ? $"This file is {seems}, whatever its name says. " : "This file's contents are not of a type MedPortal accepts, whatever its name says. ")
        + $"Accepted: {DocumentKinds.AcceptedList}.";

    private static string NotAvailable(DocumentKind kind) => kind.IsAudio()
        ? "Stored. Transcribing recordings is not available yet, so no text was taken from it."
        : "Stored. Reading text from scans and photos (OCR) is not available yet, so no text was taken from it.";

    private static string Duplicate(DateTimeOffset earlier) =>
        $"This exact file is already in this consultation (uploaded {earlier:yyyy-MM-dd HH:mm} UTC).";

    private static string Megabytes(long bytes) => bytes >= MiB ? $"{bytes / (double)MiB:0.#} MB" : $"{Math.Ceiling(bytes / 1024.0):0} KB";

    // Only the last path segment, no control characters, at most 255 characters.
    private static string CleanName(string fileName)
    {
        var name = new string(Path.GetFileName((fileName ?? "").Replace('\\', '/')).Where(c => !char.IsControl(c)).ToArray()).Trim();
        return name.Length == 0 ? "document" : name.Length > 255 ? name[..255] : name;
    }
}

/// <summary>How far an upload has come.</summary>
/// <param name="Stage">What is happening.</param>
/// <param name="Percent">Of the bytes received, during <see cref="UploadStage.Receiving"/>; 100 after.</param>
public sealed record UploadProgress(UploadStage Stage, double Percent);

/// <summary>The stages of an upload.</summary>
public enum UploadStage
{
    /// <summary>Bytes are arriving.</summary>
    Receiving,

    /// <summary>Type, size and duplicates are checked.</summary>
    Checking,

    /// <summary>The file and its passages are being stored.</summary>
    Saving,
}
