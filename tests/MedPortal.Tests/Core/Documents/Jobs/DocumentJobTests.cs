using System.Collections.Concurrent;
using MedPortal.Core.Audit;
using MedPortal.Core.Documents;
using MedPortal.Core.Documents.Jobs;
using MedPortal.Core.Identity;
using MedPortal.Core.Live;
using MedPortal.Tests.Core.Consultations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MedPortal.Tests.Core.Documents.Jobs;

/// <summary>Document jobs on the real PostgreSQL: progress, claims, leases, cancel, retry, quarantine, audit.</summary>
public sealed class DocumentJobTests(ConsultationFixture fixture) : IClassFixture<ConsultationFixture>
{
    private static readonly AuditActor Clinician = new(Guid.NewGuid().ToString(), Roles.Clinician, "127.0.0.1");

    private static readonly DocumentJobOptions Fast = new() { ProgressIntervalMilliseconds = 0, LeaseSeconds = 30, HeartbeatSeconds = 5 };

    private DocumentJobQueue Queue(TimeProvider? clock = null) => new(fixture.Contexts, fixture.Audit, clock ?? TimeProvider.System);

    private DocumentJobRunner Runner(TimeProvider? clock = null, DocumentOptions? limits = null, DocumentJobOptions? options = null) =>
        new(fixture.Contexts, fixture.Audit, Options.Create(limits ?? new DocumentOptions()), Options.Create(options ?? Fast), clock ?? TimeProvider.System, NullLogger<DocumentJobRunner>.Instance);

    private async Task<(Guid ConsultationId, StoredDocument Document)> UploadAsync(byte[] bytes, string name = "letter.pdf")
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);
        var upload = new UploadDocument(fixture.Contexts, fixture.Audit, Queue(), Options.Create(new DocumentOptions()), TimeProvider.System);
        var document = await upload.UploadAsync(Clinician, consultation.Id, name, new MemoryStream(bytes), bytes.Length);
        return (consultation.Id, document);
    }

    private async Task<DocumentJob> JobOfAsync(Guid documentId)
    {
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        return await db.DocumentJobs.AsNoTracking().OrderByDescending(j => j.CreatedAt).FirstAsync(j => j.DocumentId == documentId);
    }

    private async Task<StoredDocument> DocumentAsync(Guid documentId)
    {
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        return await db.Documents.AsNoTracking().SingleAsync(d => d.Id == documentId);
    }

    private async Task<List<string>> AuditActionsAsync(string resourceType, Guid resourceId)
    {
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        return await db.AuditEvents.Where(e => e.ResourceType == resourceType && e.ResourceId == resourceId.ToString()).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync();
    }

    // Jobs from other tests of this class may be queued: run until this one has finished.
    private static async Task RunUntilFinishedAsync(DocumentJobRunner runner, Func<Task<DocumentJob>> job, Func<DocumentJob, Task>? afterProgress = null)
    {
        while (!(await job()).IsFinished)
        {
            Assert.True(await runner.RunNextAsync("test-worker", afterProgress), "the job is not finished but nothing was queued");
        }
    }

    private static byte[] LongLetter(int pages) => TestFiles.Pdf([.. Enumerable.Range(1, pages).Select(n => new[] { $"Page {n} of the clinic letter." })]);

    [Fact]
    public async Task RunNextAsync_TenPagePdf_SucceedsWithProgressRisingPerPageAndPassagesStored()
    {
        var (_, document) = await UploadAsync(LongLetter(10));
        Assert.Equal(DocumentStatus.Pending, document.Status);
        var queued = await JobOfAsync(document.Id);
        Assert.Equal((DocumentJobState.Queued, 0, DocumentJobKind.ExtractText), (queued.State, queued.Progress, queued.Kind));
        var seen = new List<(int Written, int Stored, string? Stage)>();

        await RunUntilFinishedAsync(Runner(), () => JobOfAsync(document.Id), async written =>
        {
            if (written.Id == queued.Id)
            {
                var stored = await JobOfAsync(document.Id);
                seen.Add((written.Progress, stored.Progress, stored.Stage));
            }
        });

        Assert.Equal([0, 10, 20, 30, 40, 50, 60, 70, 80, 90], seen.Select(s => s.Stored));
        Assert.All(seen, s => Assert.Equal(s.Written, s.Stored));
        Assert.Equal("Reading page 4 of 10", seen[3].Stage);
        var job = await JobOfAsync(document.Id);
        Assert.Equal((DocumentJobState.Succeeded, 100, 1, null), (job.State, job.Progress, job.Attempts, job.ErrorReason));
        Assert.Null(job.LeaseOwner);
        var stored = await DocumentAsync(document.Id);
        Assert.Equal((DocumentStatus.Extracted, 10), (stored.Status, stored.PageCount));
        var opened = await new DocumentReader(fixture.Contexts, fixture.Audit).OpenAsync(Clinician, document.Id);
        Assert.Equal(Enumerable.Range(1, 10), opened!.Passages.Select(p => p.Page!.Value));
        Assert.Equal(["document.upload", "document.extract", "document.view"], await AuditActionsAsync("document", document.Id));
        Assert.Equal(["document.job-queue", "document.job-start", "document.job-succeed"], await AuditActionsAsync("document_job", job.Id));
        Assert.True((await new AuditChainVerifier(fixture.Contexts, MedPortal.Tests.Infrastructure.TestAuditKey.Key).VerifyAsync()).Intact);
    }

    [Fact]
    public async Task ClaimNextAsync_EightWorkersRacingForTwentyJobs_EachJobClaimedExactlyOnce()
    {
        var documents = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            documents.Add((await UploadAsync(TestFiles.Pdf([$"letter {i}"]))).Document.Id);
        }
        var claims = new ConcurrentBag<(Guid JobId, string Worker)>();
        var runner = Runner();
        using var start = new SemaphoreSlim(0, 8);

        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            await start.WaitAsync();
            while (await runner.ClaimNextAsync($"worker-{w}") is { } job)
            {
                claims.Add((job.Id, $"worker-{w}"));
            }
        })).ToList();
        start.Release(8);
        await Task.WhenAll(workers);

        var mine = new HashSet<Guid>();
        foreach (var id in documents)
        {
            mine.Add((await JobOfAsync(id)).Id);
        }
        var claimedMine = claims.Where(c => mine.Contains(c.JobId)).ToList();
        Assert.Equal(20, claimedMine.Count);
        Assert.Equal(20, claimedMine.Select(c => c.JobId).Distinct().Count());
        Assert.True(claimedMine.Select(c => c.Worker).Distinct().Count() > 1, "the claims were not shared among the workers");
        foreach (var id in documents)
        {
            var job = await JobOfAsync(id);
            Assert.Equal((DocumentJobState.Running, 1), (job.State, job.Attempts));
            Assert.Equal(claimedMine.Single(c => c.JobId == job.Id).Worker, job.LeaseOwner);
            Assert.Equal(1, (await AuditActionsAsync("document_job", job.Id)).Count(a => a == "document.job-start"));
        }
    }

    [Fact]
    public async Task RunNextAsync_WorkerDiedMidJob_LeaseExpiresAndANewWorkerRunsItAgain()
    {
        var clock = new ManualClock();
        var (_, document) = await UploadAsync(LongLetter(3));
        var job = await JobOfAsync(document.Id);
        // The first worker claims the job, then its process dies: no heartbeat, no result, the lease stays.
        DocumentJob? claimed;
        do
        {
            claimed = await Runner(clock).ClaimNextAsync("instance-a/1");
        }
        while (claimed is not null && claimed.Id != job.Id);
        Assert.NotNull(claimed);
        Assert.Equal(DocumentJobState.Running, (await JobOfAsync(document.Id)).State);

        // A new instance starts before the lease ran out: it leaves the job alone.
        Assert.Equal(0, await Runner(clock).RequeueExpiredAsync());
        Assert.Equal("instance-a/1", (await JobOfAsync(document.Id)).LeaseOwner);

        clock.Advance(TimeSpan.FromSeconds(Fast.LeaseSeconds + 1));
        await RunUntilFinishedAsync(Runner(clock), () => JobOfAsync(document.Id));

        var done = await JobOfAsync(document.Id);
        Assert.Equal((DocumentJobState.Succeeded, 2), (done.State, done.Attempts));
        Assert.Equal(DocumentStatus.Extracted, (await DocumentAsync(document.Id)).Status);
        Assert.Equal(["document.job-queue", "document.job-start", "document.job-requeue", "document.job-start", "document.job-succeed"], await AuditActionsAsync("document_job", job.Id));
    }

    [Fact]
    public async Task RunNextAsync_AppStopsMidJob_JobBackInTheQueueAtOnceAndTheNextStartFinishesIt()
    {
        var (_, document) = await UploadAsync(LongLetter(12));
        var job = await JobOfAsync(document.Id);
        using var stopping = new CancellationTokenSource();

        // The host stops while page 4 is being read (as ApplicationStopping would cancel the pool).
        while ((await JobOfAsync(document.Id)).Attempts == 0 && await Runner().RunNextAsync("instance-a/1", written =>
        {
            if (written.Id == job.Id && written.Progress >= 25)
            {
                stopping.Cancel();
            }
            return Task.CompletedTask;
        }, stopping.Token))
        {
        }

        var requeued = await JobOfAsync(document.Id);
        Assert.Equal((DocumentJobState.Queued, 1, null), (requeued.State, requeued.Attempts, requeued.LeaseOwner));
        Assert.Equal("Waiting again (the portal restarted)", requeued.Stage);
        await RunUntilFinishedAsync(Runner(), () => JobOfAsync(document.Id));

        var done = await JobOfAsync(document.Id);
        Assert.Equal((DocumentJobState.Succeeded, 2), (done.State, done.Attempts));
        Assert.Equal(12, (await DocumentAsync(document.Id)).PageCount);
        Assert.Equal(["document.job-queue", "document.job-start", "document.job-requeue", "document.job-start", "document.job-succeed"], await AuditActionsAsync("document_job", job.Id));
    }

    [Fact]
    public async Task RequeueExpiredAsync_WorkerDiedOnEveryAttempt_FailsAndQuarantinesAfterMaxAttempts()
    {
        var clock = new ManualClock();
        var options = new DocumentJobOptions { ProgressIntervalMilliseconds = 0, LeaseSeconds = 30, HeartbeatSeconds = 5, MaxAttempts = 2 };
        var (_, document) = await UploadAsync(LongLetter(2));
        var job = await JobOfAsync(document.Id);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            while ((await Runner(clock, options: options).ClaimNextAsync($"dying-{attempt}"))?.Id is { } id && id != job.Id)
            {
            }
            clock.Advance(TimeSpan.FromSeconds(31));
            await Runner(clock, options: options).RequeueExpiredAsync();
        }

        var failed = await JobOfAsync(document.Id);
        Assert.Equal((DocumentJobState.Failed, 2), (failed.State, failed.Attempts));
        Assert.Contains("stopped its worker 2 times", failed.ErrorReason, StringComparison.Ordinal);
        Assert.Equal(DocumentStatus.Quarantined, (await DocumentAsync(document.Id)).Status);
    }

    [Fact]
    public async Task CancelAsync_QueuedJob_CancelledAtOnceAndNeverRun()
    {
        var (_, document) = await UploadAsync(LongLetter(2));
        var job = await JobOfAsync(document.Id);

        Assert.True(await Queue().CancelAsync(Clinician, job.Id));
        Assert.False(await Queue().CancelAsync(Clinician, job.Id));
        while (await Runner().RunNextAsync("test-worker"))
        {
        }

        var cancelled = await JobOfAsync(document.Id);
        Assert.Equal((DocumentJobState.Cancelled, 0), (cancelled.State, cancelled.Attempts));
        Assert.Equal(DocumentStatus.Pending, (await DocumentAsync(document.Id)).Status);
        Assert.Equal(["document.job-queue", "document.job-cancel"], await AuditActionsAsync("document_job", job.Id));
    }

    [Fact]
    public async Task CancelAsync_RunningJob_WorkerStopsBeforeTheNextPageNoPassagesKept()
    {
        var (_, document) = await UploadAsync(LongLetter(20));
        var job = await JobOfAsync(document.Id);
        var progressAfterCancel = new List<int>();
        var asked = false;

        await RunUntilFinishedAsync(Runner(), () => JobOfAsync(document.Id), async written =>
        {
            if (written.Id != job.Id)
            {
                return;
            }
            if (asked)
            {
                progressAfterCancel.Add(written.Progress);
            }
            else if (written.Progress >= 25)
            {
                asked = await Queue().CancelAsync(Clinician, job.Id);
            }
        });

        Assert.True(asked);
        // The write right after the request sees it and stops the run: at most the page being read when it came finishes.
        Assert.True(progressAfterCancel.Count <= 1, $"progress went on after the cancel: {string.Join(", ", progressAfterCancel)}");
        var cancelled = await JobOfAsync(document.Id);
        Assert.Equal(DocumentJobState.Cancelled, cancelled.State);
        Assert.InRange(cancelled.Progress, 25, 35);
        Assert.Null(cancelled.LeaseOwner);
        await using var db = await fixture.Contexts.CreateDbContextAsync();
        Assert.Equal(0, await db.DocumentPassages.CountAsync(p => p.DocumentId == document.Id));
        Assert.Equal(DocumentStatus.Pending, (await DocumentAsync(document.Id)).Status);
        Assert.Equal(["document.job-queue", "document.job-start", "document.job-cancel", "document.job-cancelled"], await AuditActionsAsync("document_job", job.Id));
    }

    [Fact]
    public async Task RunNextAsync_BrokenPdf_FailsWithTheReasonAndQuarantinesTheDocument()
    {
        var letter = TestFiles.TwoPageLetter();
        var (consultationId, document) = await UploadAsync(letter[..(letter.Length / 3)], "broken.pdf");

        await RunUntilFinishedAsync(Runner(), () => JobOfAsync(document.Id));

        var job = await JobOfAsync(document.Id);
        Assert.Equal(DocumentJobState.Failed, job.State);
        Assert.Equal("This PDF is damaged and its text cannot be read.", job.ErrorReason);
        Assert.DoesNotContain("broken.pdf", job.ErrorReason, StringComparison.Ordinal);
        var stored = await DocumentAsync(document.Id);
        Assert.Equal(DocumentStatus.Quarantined, stored.Status);
        Assert.Contains("quarantine for an administrator", stored.StatusDetail, StringComparison.Ordinal);
        var reader = new DocumentReader(fixture.Contexts, fixture.Audit);
        Assert.DoesNotContain(await reader.ListAsync(Clinician, consultationId) ?? [], d => d.Id == document.Id);
        Assert.Contains(await reader.ListQuarantinedAsync(new AuditActor("admin", Roles.Admin, null)), d => d.Id == document.Id);
        var views = await Queue().ListAsync(Clinician, consultationId);
        var view = Assert.Single(views!);
        Assert.Equal((DocumentJobState.Failed, "broken.pdf", DocumentStatus.Quarantined), (view.Job.State, view.FileName, view.DocumentStatus));
        Assert.Equal(["document.upload", "document.quarantine"], await AuditActionsAsync("document", document.Id));
        Assert.Equal(["document.job-queue", "document.job-start", "document.job-fail"], await AuditActionsAsync("document_job", job.Id));
        Assert.Contains("document.job-list", await AuditActionsAsync("consultation", consultationId));
    }

    [Fact]
    public async Task RunNextAsync_BrokenDocx_RecordsDurationAndFailureWithClosedLabels()
    {
        var measurements = new ConcurrentBag<(string Instrument, double Value, Dictionary<string, string> Tags)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name.StartsWith("medportal.documents.job.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(System.Diagnostics.Metrics.Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
            measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString() ?? "")));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        var (_, document) = await UploadAsync(TestFiles.ZipBomb(), "patient-name-letter.docx");

        await RunUntilFinishedAsync(Runner(), () => JobOfAsync(document.Id));

        Assert.Contains(measurements, m => m.Instrument == "medportal.documents.job.failures" && m.Value == 1
            && m.Tags["kind"] == "extract_text" && m.Tags["reason"] == "unreadable");
        Assert.Contains(measurements, m => m.Instrument == "medportal.documents.job.duration" && m.Value > 0
            && m.Tags["kind"] == "extract_text" && m.Tags["outcome"] == "failed");
        Assert.All(measurements, m => Assert.All(m.Tags.Values, v => Assert.DoesNotContain("letter", v, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RetryAsync_FailedJobAfterTheLimitWasRaised_RunsAgainAndTheDocumentLeavesQuarantine()
    {
        var (_, document) = await UploadAsync(TestFiles.TwoPageLetter());
        var job = await JobOfAsync(document.Id);
        await RunUntilFinishedAsync(Runner(limits: new DocumentOptions { MaxExtractedCharacters = 120 }), () => JobOfAsync(document.Id));
        Assert.Equal(DocumentJobState.Failed, (await JobOfAsync(document.Id)).State);
        Assert.Contains("more than 120 characters", (await JobOfAsync(document.Id)).ErrorReason, StringComparison.Ordinal);
        Assert.Equal(DocumentStatus.Quarantined, (await DocumentAsync(document.Id)).Status);
        Assert.False(await Queue().RetryAsync(await fixture.NewPatientAsync(), job.Id));

        Assert.True(await Queue().RetryAsync(Clinician, job.Id));
        Assert.Equal((DocumentJobState.Queued, null), ((await JobOfAsync(document.Id)).State, (await JobOfAsync(document.Id)).ErrorReason));
        Assert.Equal(DocumentStatus.Pending, (await DocumentAsync(document.Id)).Status);
        await RunUntilFinishedAsync(Runner(), () => JobOfAsync(document.Id));

        var done = await JobOfAsync(document.Id);
        Assert.Equal((DocumentJobState.Succeeded, null), (done.State, done.ErrorReason));
        Assert.Equal((DocumentStatus.Extracted, 2), ((await DocumentAsync(document.Id)).Status, (await DocumentAsync(document.Id)).PageCount));
        Assert.False(await Queue().RetryAsync(Clinician, job.Id));
        Assert.Equal(["document.job-queue", "document.job-start", "document.job-fail", "document.job-retry-denied", "document.job-retry", "document.job-start", "document.job-succeed"],
            await AuditActionsAsync("document_job", job.Id));
    }

    [Fact]
    public async Task ListAsync_AnotherPatient_RefusedAndAudited()
    {
        var (consultationId, _) = await UploadAsync(TestFiles.Pdf(["one line"]));

        Assert.Null(await Queue().ListAsync(await fixture.NewPatientAsync(), consultationId));
        Assert.Contains("document.job-list-denied", await AuditActionsAsync("consultation", consultationId));
    }

    [Fact]
    public async Task Workers_TwoPoolsLikeTwoInstances_ShareTheQueueAndRunEveryJobOnce()
    {
        var documents = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            documents.Add((await UploadAsync(LongLetter(2 + i))).Document.Id);
        }
        var pools = Enumerable.Range(0, 2).Select(_ => new DocumentJobWorkers(Runner(), Queue(), new LiveEvents(NullLogger<LiveEvents>.Instance),
            Options.Create(new DocumentJobOptions { Workers = 2, PollSeconds = 1 }), TimeProvider.System, NullLogger<DocumentJobWorkers>.Instance)).ToList();
        foreach (var pool in pools)
        {
            await pool.StartAsync(CancellationToken.None);
        }
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline && !(await Task.WhenAll(documents.Select(JobOfAsync))).All(j => j.IsFinished))
            {
                await Task.Delay(100);
            }
        }
        finally
        {
            foreach (var pool in pools)
            {
                await pool.StopAsync(CancellationToken.None);
            }
        }

        foreach (var id in documents)
        {
            var job = await JobOfAsync(id);
            Assert.Equal((DocumentJobState.Succeeded, 1), (job.State, job.Attempts));
            Assert.Equal(1, (await AuditActionsAsync("document_job", job.Id)).Count(a => a == "document.job-start"));
        }
    }

    [Fact]
    public void Options_HeartbeatLongerThanHalfTheLease_Invalid()
    {
        var options = new DocumentJobOptions { LeaseSeconds = 10, HeartbeatSeconds = 6 };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.ErrorMessage!.Contains("HeartbeatSeconds (6) must be at most half", StringComparison.Ordinal));
        var noWorkers = new DocumentJobOptions { Workers = 0 };
        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(noWorkers, new(noWorkers), results, validateAllProperties: true));
        Assert.Contains(results, r => r.ErrorMessage!.Contains("DocumentJobs:Workers must be between 1 and 32", StringComparison.Ordinal));
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset now = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
