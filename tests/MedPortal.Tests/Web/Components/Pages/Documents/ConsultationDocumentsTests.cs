using System.Globalization;
using System.Security.Claims;
using Bunit;
using MedPortal.Core.Audit;
using MedPortal.Core.Documents;
using MedPortal.Core.Documents.Jobs;
using MedPortal.Core.Identity;
using MedPortal.Core.Live;
using MedPortal.Tests.Core.Consultations;
using MedPortal.Tests.Core.Documents;
using MedPortal.Web.Components.Pages.Documents;
using MedPortal.Web.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace MedPortal.Tests.Web.Components.Pages.Documents;

/// <summary>
/// The documents page over the real PostgreSQL and the real live-event path (NOTIFY, the listener, the page's
/// subscription): a job's progress and end appear on the page while a worker runs it, without a reload.
/// </summary>
public sealed class ConsultationDocumentsTests(ConsultationFixture fixture) : BunitContext, IClassFixture<ConsultationFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(5);
    private readonly AuditActor clinician = new(Guid.NewGuid().ToString(), Roles.Clinician, "127.0.0.1");
    private readonly CancellationTokenSource stop = new();
    private PostgresLiveEventListener listener = null!;

    private DocumentJobQueue queue = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        var events = new LiveEvents(NullLogger<LiveEvents>.Instance);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:MedPortal"] = fixture.Database.ConnectionString })
            .Build();
        listener = new PostgresLiveEventListener(configuration, events, NullLogger<PostgresLiveEventListener>.Instance);
        await listener.StartAsync(stop.Token);
        await listener.Listening.WaitAsync(TimeSpan.FromSeconds(10));
        queue = new DocumentJobQueue(fixture.Contexts, fixture.Audit, TimeProvider.System);
        Services.AddSingleton(events);
        Services.AddSingleton(queue);
        Services.AddSingleton(new DocumentReader(fixture.Contexts, fixture.Audit));
        Services.AddSingleton(new UploadDocument(fixture.Contexts, fixture.Audit, queue, Options.Create(new DocumentOptions()), TimeProvider.System));
        Services.AddSingleton<IHttpContextAccessor>(new HttpContextAccessor());
        Services.AddSingleton<CircuitAuditActor>();
        AddAuthorization().SetAuthorized("Dr Test").SetRoles(Roles.Clinician).SetClaims(new Claim(ClaimTypes.NameIdentifier, clinician.UserId));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await stop.CancelAsync();
        await listener.StopAsync(CancellationToken.None);
        listener.Dispose();
        stop.Dispose();
        await DisposeAsync();
    }

    private DocumentJobRunner Runner(DocumentOptions? limits = null) => new(fixture.Contexts, fixture.Audit, Options.Create(limits ?? new DocumentOptions()),
        Options.Create(new DocumentJobOptions { ProgressIntervalMilliseconds = 0 }), TimeProvider.System, NullLogger<DocumentJobRunner>.Instance);

    private async Task<(Guid ConsultationId, StoredDocument Document)> UploadAsync(byte[] pdf, string name)
    {
        var patient = await fixture.NewPatientAsync();
        var consultation = await fixture.Assistant.StartAsync(patient);
        var upload = Services.GetRequiredService<UploadDocument>();
        return (consultation.Id, await upload.UploadAsync(clinician, consultation.Id, name, new MemoryStream(pdf), pdf.Length));
    }

    [Fact]
    public async Task Page_JobRunsWhileOpen_ProgressBarFollowsEachStepLiveThenTheRowSaysRead()
    {
        var pdf = TestFiles.Pdf([.. Enumerable.Range(1, 8).Select(n => new[] { $"Page {n} of the letter." })]);
        var (consultationId, document) = await UploadAsync(pdf, "letter.pdf");
        var cut = Render<ConsultationDocuments>(p => p.Add(c => c.ConsultationId, consultationId));
        cut.WaitForAssertion(() => Assert.Equal("Queued", cut.Find("[data-testid=job-status]").GetAttribute("data-state")), Live);
        Assert.Contains("Queued", cut.Find("[data-testid=document-row] [data-testid=job-status]").TextContent, StringComparison.Ordinal);
        var shown = new List<string>();

        var runner = Runner();
        while (await runner.RunNextAsync("page-test", written =>
        {
            if (written.DocumentId == document.Id)
            {
                // The worker waits here until the page, told by the live event, shows what was just written.
                cut.WaitForAssertion(() =>
                {
                    var status = cut.Find("[data-testid=job-status]");
                    Assert.Equal(("Running", written.Progress.ToString(CultureInfo.InvariantCulture)), (status.GetAttribute("data-state"), status.GetAttribute("data-progress")));
                    Assert.Contains($"{written.Progress}%", status.TextContent, StringComparison.Ordinal);
                }, Live);
                shown.Add(cut.Find("[data-testid=job-status]").GetAttribute("data-progress")!);
            }
            return Task.CompletedTask;
        }))
        {
        }

        Assert.Equal(["0", "12", "25", "37", "50", "62", "75", "87"], shown);
        cut.WaitForAssertion(() => Assert.Contains("read (8 pages)", cut.Find("[data-testid=document-row]").TextContent, StringComparison.Ordinal), Live);
        Assert.Empty(cut.FindAll("[data-testid=job-status]"));
    }

    [Fact]
    public async Task Page_BrokenPdfFailsWhileOpen_ReasonShownLiveWithRetry()
    {
        var letter = TestFiles.TwoPageLetter();
        var (consultationId, _) = await UploadAsync(letter[..(letter.Length / 3)], "damaged.pdf");
        var cut = Render<ConsultationDocuments>(p => p.Add(c => c.ConsultationId, consultationId));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=document-row]")), Live);

        var runner = Runner();
        while (await runner.RunNextAsync("page-test"))
        {
        }

        cut.WaitForAssertion(() => Assert.Contains("damaged.pdf: This PDF is damaged and its text cannot be read.", cut.Find("[data-testid=job-failed]").TextContent, StringComparison.Ordinal), Live);
        Assert.Empty(cut.FindAll("[data-testid=document-row]"));
        Assert.Single(cut.FindAll("[data-testid=job-failed] [data-testid=job-retry]"));
    }
}
