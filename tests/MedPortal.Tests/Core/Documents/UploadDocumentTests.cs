using MedPortal.Core.Audit;
using MedPortal.Core.Documents;
using MedPortal.Core.Documents.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using MedPortal.Tests.Infrastructure;
using MedPortal.Core.Identity;
using MedPortal.Tests.Core.Consultations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MedPortal.Tests.Core.Documents;

/// <summary>Upload, extraction, quarantine, ownership and audit on the real PostgreSQL.</summary>
public sealed class UploadDocumentTests(ConsultationFixture fixture) : IClassFixture<ConsultationFixture>
{
    private static readonly AuditActor Clinician = new(Guid.NewGuid().ToString(), Roles.Clinician, "127.0.0.1");

    private UploadDocument Upload(DocumentOptions? options = null) => new(fixture.Contexts, fixture.Audit, new DocumentJobQueue(fixture.Contexts, fixture.Audit, TimeProvider.System), Options.Create(options ?? new DocumentOptions()), TimeProvider.System);

    /// <summary>Runs the queued text jobs (as the app's workers do) until this document's is done; the document as it then is.</summary>
    private async Task<StoredDocument> ReadTextAsync(StoredDocument document, DocumentOptions? options = null)
    {
        var runner = new DocumentJobRunner(fixture.Contexts, fixture.Audit, Options.Create(options ?? new DocumentOptions()), Options.Create(new DocumentJobOptions()), TimeProvider.System, NullLogger<DocumentJobRunner>.Instance);
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        while (!(await db.DocumentJobs.AsNoTracking().Where(j => j.DocumentId == document.Id).ToListAsync()).All(j => j.IsFinished))
        {
            Assert.True(await runner.RunNextAsync("test-worker"));
        }
        return await db.Documents.AsNoTracking().SingleAsync(d => d.Id == document.Id);
    }

    private DocumentReader Reader => new(fixture.Contexts, fixture.Audit);

    private async Task<(AuditActor Patient, Guid ConsultationId)> ConsultationAsync()
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);
        return (patient, consultation.Id);
    }

    private static Task<StoredDocument> SendAsync(UploadDocument upload, AuditActor actor, Guid consultationId, string name, byte[] bytes) =>
        upload.UploadAsync(actor, consultationId, name, new MemoryStream(bytes), bytes.Length);

    private async Task<(int Documents, int Contents, int Passages)> CountsAsync(Guid consultationId)
    {
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        var ids = db.Documents.Where(d => d.ConsultationId == consultationId).Select(d => d.Id);
        return (await ids.CountAsync(), await db.DocumentContents.CountAsync(c => ids.Contains(c.DocumentId)), await db.DocumentPassages.CountAsync(p => ids.Contains(p.DocumentId)));
    }

    private async Task<List<string>> AuditActionsAsync(string resourceId)
    {
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        return await db.AuditEvents.Where(e => e.ResourceId == resourceId).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync();
    }

    [Fact]
    public async Task Upload_TwoPagePdfByClinician_StoredWithHashAndPassagesPerPageAndAudited()
    {
        var (_, consultationId) = await ConsultationAsync();
        var pdf = TestFiles.TwoPageLetter();
        var progress = new List<UploadProgress>();

        var uploaded = await Upload().UploadAsync(Clinician, consultationId, "C:\\letters\\referral.pdf", new MemoryStream(pdf), pdf.Length, new SynchronousProgress(progress));
        Assert.Equal(DocumentStatus.Pending, uploaded.Status);
        var document = await ReadTextAsync(uploaded);

        Assert.Equal(DocumentKind.Pdf, document.Kind);
        Assert.Equal(DocumentStatus.Extracted, document.Status);
        Assert.Equal("referral.pdf", document.FileName);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), document.Sha256);
        Assert.Equal(pdf.Length, document.SizeBytes);
        Assert.Equal(2, document.PageCount);
        Assert.Equal(Clinician.UserId, document.UploadedBy);
        Assert.Contains(progress, p => p.Stage == UploadStage.Receiving && p.Percent == 100);
        Assert.Equal([UploadStage.Receiving, UploadStage.Checking, UploadStage.Saving], progress.Select(p => p.Stage).Distinct());

        var opened = await Reader.OpenAsync(Clinician, document.Id);
        Assert.NotNull(opened);
        Assert.Equal([1, 2], opened.Passages.Select(p => p.Page));
        Assert.Contains("atorvastatin 20 mg", opened.Passages[1].Text, StringComparison.Ordinal);
        Assert.Equal(pdf, await Reader.ReadContentAsync(Clinician, document.Id));
        Assert.Equal(["document.upload", "document.extract", "document.view", "document.download"], await AuditActionsAsync(document.Id.ToString()));
        Assert.True((await new AuditChainVerifier(fixture.Contexts, TestAuditKey.Key).VerifyAsync()).Intact);
    }

    [Fact]
    public async Task Upload_DocxByOwningPatient_ParagraphPassagesWithOffsets()
    {
        var (patient, consultationId) = await ConsultationAsync();

        var document = await ReadTextAsync(await SendAsync(Upload(), patient, consultationId, "discharge.docx", TestFiles.DischargeDocx()));

        var opened = await Reader.OpenAsync(patient, document.Id);
        Assert.Equal(DocumentKind.Docx, document.Kind);
        Assert.Equal(patient.UserId, document.PatientId);
        Assert.Equal([0, 2, 3], opened!.Passages.Select(p => p.Paragraph));
        Assert.Equal([0, 19, 61], opened.Passages.Select(p => p.StartOffset));
        Assert.Equal("Allergies: penicillin (rash).", opened.Passages[2].Text);
    }

    [Fact]
    public async Task Upload_AnotherPatientsConsultation_RefusedLikeMissingNothingStoredAudited()
    {
        var (_, consultationId) = await ConsultationAsync();
        var stranger = await fixture.NewPatientAsync();

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => SendAsync(Upload(), stranger, consultationId, "letter.pdf", TestFiles.TwoPageLetter()));

        Assert.Equal("This consultation does not exist.", error.Message);
        Assert.Equal((0, 0, 0), await CountsAsync(consultationId));
        Assert.Contains("document.upload-denied", await AuditActionsAsync(consultationId.ToString()));
    }

    [Fact]
    public async Task UploadAndRead_NurseAndAdmin_NurseReadsButCannotUploadAdminNeither()
    {
        var (_, consultationId) = await ConsultationAsync();
        var document = await SendAsync(Upload(), Clinician, consultationId, "letter.pdf", TestFiles.TwoPageLetter());
        var nurse = ConsultationFixture.NewNurse();
        var admin = new AuditActor(Guid.NewGuid().ToString(), Roles.Admin, null);

        await Assert.ThrowsAsync<DocumentRejectedException>(() => SendAsync(Upload(), nurse, consultationId, "other.pdf", TestFiles.Pdf(["x"])));
        await Assert.ThrowsAsync<DocumentRejectedException>(() => SendAsync(Upload(), admin, consultationId, "other.pdf", TestFiles.Pdf(["y"])));

        Assert.NotNull(await Reader.OpenAsync(nurse, document.Id));
        Assert.Null(await Reader.OpenAsync(admin, document.Id));
        Assert.Null(await Reader.ReadContentAsync(admin, document.Id));
        Assert.Null(await Reader.ListAsync(await fixture.NewPatientAsync(), consultationId));
        Assert.Equal(1, (await CountsAsync(consultationId)).Documents);
        Assert.Equal(["document.upload", "document.view", "document.view-denied", "document.download-denied"], await AuditActionsAsync(document.Id.ToString()));
    }

    [Fact]
    public async Task Upload_RenamedProgram_ClearErrorNothingStoredRejectionAudited()
    {
        var (_, consultationId) = await ConsultationAsync();
        await SendAsync(Upload(), Clinician, consultationId, "letter.pdf", TestFiles.TwoPageLetter());
        var before = await CountsAsync(consultationId);

        var error = await Assert.ThrowsAsync<DocumentRejectedException>(() => SendAsync(Upload(), Clinician, consultationId, "scan.pdf", TestFiles.WindowsProgram()));

        Assert.Contains("This file is a program, whatever its name says.", error.Message, StringComparison.Ordinal);
        Assert.Contains("Accepted: PDF", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync(consultationId));
        Assert.Contains("document.upload-rejected", await AuditActionsAsync(consultationId.ToString()));
    }

    [Fact]
    public async Task Upload_OverTheLimitForItsType_RefusedWithTheLimit()
    {
        var (_, consultationId) = await ConsultationAsync();
        var options = new DocumentOptions { MaxPdfBytes = 1024, MaxAudioBytes = 64 * 1024 };
        var bigPdf = TestFiles.Pdf([.. Enumerable.Range(0, 60).Select(i => $"line {i} of a long letter")]);

        var pdfError = await Assert.ThrowsAsync<DocumentRejectedException>(() => SendAsync(Upload(options), Clinician, consultationId, "long.pdf", bigPdf));
        // The same size is fine for a recording: limits are per type, chosen by the sniffed type.
        var wav = await SendAsync(Upload(options), Clinician, consultationId, "voice.wav", TestFiles.Wav(seconds: bigPdf.Length / 32000.0));

        Assert.Contains("This PDF is", pdfError.Message, StringComparison.Ordinal);
        Assert.Contains("the limit for this type is 1 KB", pdfError.Message, StringComparison.Ordinal);
        Assert.Equal(DocumentKind.Wav, wav.Kind);
        Assert.Equal(1, (await CountsAsync(consultationId)).Documents);
    }

    [Fact]
    public async Task Upload_AnnouncedOrActualSizeOverEveryLimit_RefusedBeforeStoring()
    {
        var (_, consultationId) = await ConsultationAsync();
        var options = new DocumentOptions { MaxPdfBytes = 1024, MaxDocxBytes = 1024, MaxImageBytes = 1024, MaxAudioBytes = 1024 };
        var pdf = TestFiles.TwoPageLetter();

        var announced = await Assert.ThrowsAsync<DocumentRejectedException>(() => Upload(options).UploadAsync(Clinician, consultationId, "a.pdf", new MemoryStream(pdf), pdf.Length));
        var unannounced = await Assert.ThrowsAsync<DocumentRejectedException>(() => Upload(options).UploadAsync(Clinician, consultationId, "a.pdf", new MemoryStream(pdf), length: null));

        Assert.Contains("no file over 1 KB", announced.Message, StringComparison.Ordinal);
        Assert.Contains("larger than 1 KB", unannounced.Message, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), await CountsAsync(consultationId));
    }

    [Fact]
    public async Task Upload_BrokenPdf_QuarantinedWithReasonAndNoPassages()
    {
        var (_, consultationId) = await ConsultationAsync();
        var pdf = TestFiles.TwoPageLetter();

        var document = await ReadTextAsync(await SendAsync(Upload(), Clinician, consultationId, "broken.pdf", pdf[..(pdf.Length / 3)]));

        Assert.Equal(DocumentStatus.Quarantined, document.Status);
        Assert.Contains("This PDF is damaged", document.StatusDetail, StringComparison.Ordinal);
        Assert.Contains("quarantine for an administrator", document.StatusDetail, StringComparison.Ordinal);
        Assert.Equal((1, 1, 0), await CountsAsync(consultationId));
        Assert.Equal(["document.upload", "document.quarantine"], await AuditActionsAsync(document.Id.ToString()));
        var admin = new AuditActor(Guid.NewGuid().ToString(), Roles.Admin, null);
        Assert.Contains(await Reader.ListQuarantinedAsync(admin), d => d.Id == document.Id);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Reader.ListQuarantinedAsync(Clinician));
    }

    [Fact]
    public async Task Upload_ZipBombAndTextPastTheLimit_QuarantinedNeverHalfProcessed()
    {
        var (_, consultationId) = await ConsultationAsync();
        // Page 1 fits under the character limit, page 2 does not: nothing of page 1 may be kept.
        var options = new DocumentOptions { MaxExtractedCharacters = 120 };

        var bomb = await ReadTextAsync(await SendAsync(Upload(options), Clinician, consultationId, "letter.docx", TestFiles.ZipBomb()), options);
        var tooLong = await ReadTextAsync(await SendAsync(Upload(options), Clinician, consultationId, "letter.pdf", TestFiles.TwoPageLetter()), options);

        Assert.Equal(DocumentStatus.Quarantined, bomb.Status);
        Assert.Contains("zip bomb", bomb.StatusDetail, StringComparison.Ordinal);
        Assert.Equal(DocumentStatus.Quarantined, tooLong.Status);
        Assert.Equal((2, 2, 0), await CountsAsync(consultationId));
    }

    [Fact]
    public async Task Upload_ScanAndRecording_StoredMarkedNotAvailableYet()
    {
        var (_, consultationId) = await ConsultationAsync();

        var scan = await SendAsync(Upload(), Clinician, consultationId, "scan.png", TestFiles.PngHeader());
        var voice = await SendAsync(Upload(), Clinician, consultationId, "voice.wav", TestFiles.Wav());

        Assert.Equal((DocumentKind.Png, DocumentStatus.ExtractionNotAvailable), (scan.Kind, scan.Status));
        Assert.Contains("OCR", scan.StatusDetail, StringComparison.Ordinal);
        Assert.Equal((DocumentKind.Wav, DocumentStatus.ExtractionNotAvailable), (voice.Kind, voice.Status));
        Assert.Contains("Transcribing recordings is not available yet", voice.StatusDetail, StringComparison.Ordinal);
        Assert.Equal((2, 2, 0), await CountsAsync(consultationId));
    }

    [Fact]
    public async Task Upload_SameFileTwiceEvenAtOnce_StoredOnceSecondToldItIsThere()
    {
        var (_, consultationId) = await ConsultationAsync();
        var pdf = TestFiles.TwoPageLetter();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            try
            {
                await SendAsync(Upload(), Clinician, consultationId, "letter.pdf", pdf);
                return null;
            }
            catch (DocumentRejectedException rejected)
            {
                return rejected.Message;
            }
        })));
        var again = await Assert.ThrowsAsync<DocumentRejectedException>(() => SendAsync(Upload(), Clinician, consultationId, "copy.pdf", pdf));

        Assert.Single(outcomes, o => o is null);
        Assert.Contains("already in this consultation", Assert.Single(outcomes, o => o is not null), StringComparison.Ordinal);
        Assert.Contains("already in this consultation", again.Message, StringComparison.Ordinal);
        await using (var db = await fixture.Contexts.CreateDbContextAsync())
        {
            await ReadTextAsync(await db.Documents.AsNoTracking().SingleAsync(d => d.ConsultationId == consultationId));
        }
        Assert.Equal((1, 1, 2), await CountsAsync(consultationId));
    }

    [Fact]
    public async Task List_OwnerAndClinician_SeeRecordDocumentsInOrderWithoutQuarantinedAudited()
    {
        var (patient, consultationId) = await ConsultationAsync();
        var first = await SendAsync(Upload(), patient, consultationId, "a.pdf", TestFiles.Pdf(["first"]));
        var second = await SendAsync(Upload(), Clinician, consultationId, "b.docx", TestFiles.DischargeDocx());
        var quarantined = await ReadTextAsync(await SendAsync(Upload(), Clinician, consultationId, "c.docx", TestFiles.ZipBomb()));

        var mine = await Reader.ListAsync(patient, consultationId);
        var theirs = await Reader.ListAsync(Clinician, consultationId);

        Assert.Equal([first.Id, second.Id], mine!.Select(d => d.Id));
        Assert.Equal([first.Id, second.Id], theirs!.Select(d => d.Id));
        Assert.Equal(DocumentStatus.Quarantined, quarantined.Status);
        Assert.Equal(2, (await AuditActionsAsync(consultationId.ToString())).Count(a => a == "document.list"));
    }

    // Progress<T> posts to the thread pool; the test needs every report, in order.
    private sealed class SynchronousProgress(List<UploadProgress> into) : IProgress<UploadProgress>
    {
        public void Report(UploadProgress value) => into.Add(value);
    }
}
