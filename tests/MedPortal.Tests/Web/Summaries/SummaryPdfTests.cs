using System.IO.Compression;
using System.Net;
using System.Text.Json;
using MedPortal.Core.Audit;
using MedPortal.Core.Identity;
using MedPortal.Core.Summaries;
using MedPortal.Tests.Infrastructure;
using MedPortal.Web.Summaries;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace MedPortal.Tests.Web.Summaries;

/// <summary>The real app, a seeded and decided consultation, and the real Chromium printer.</summary>
public sealed class SummaryPdfFixture : IAsyncLifetime
{
    public MedPortalApp App { get; private set; } = null!;

    public ClinicalSummary Draft { get; private set; } = null!;

    public ClinicalSummary Signed { get; private set; } = null!;

    public AuditActor Clinician { get; } = new(Guid.NewGuid().ToString(), Roles.Clinician, "127.0.0.1");

    public string Mrn { get; private set; } = "";

    public static string Artifacts => Path.Combine(RepoPaths.Root, "tests", "MedPortal.Tests", "artifacts");

    public async Task InitializeAsync()
    {
        App = await MedPortalApp.CreateAsync();
        _ = App.Server;
        var (assessment, _) = await new DemoCases(App).SubmitAndDecideAsync("crushing chest pain spreading to my left arm, I take metformin", ai => ai, "Call 911 now.");
        var summaries = App.Services.GetRequiredService<SummaryService>();
        var draft = await summaries.DraftAsync(Clinician, assessment.ConsultationId, new DeterministicSummaryDrafter(TestClinic.Time));
        // A long plan makes the summary run over several pages, so every page's header can be checked.
        var plan = string.Join('\n', Enumerable.Range(1, 90).Select(i => $"Plan line {i}: follow-up instruction."));
        draft = await summaries.EditAsync(Clinician, draft.Id, draft.RowVersion, SummarySections.Plan, plan);
        Draft = draft;
        var signedSource = await summaries.DraftAsync(Clinician, (await new DemoCases(App).SubmitAndDecideAsync("sore throat for two days", ai => ai)).Assessment.ConsultationId, new DeterministicSummaryDrafter(TestClinic.Time));
        Signed = await summaries.SignAsync(Clinician, "Dr Grace Hopper", signedSource.Id, signedSource.RowVersion);
        Mrn = (await summaries.LoadRecordAsync(Draft.ConsultationId))!.MedicalRecordNumber;
        Directory.CreateDirectory(Artifacts);
    }

    public async Task<string> PdfFileAsync(ClinicalSummary summary, string name)
    {
        var export = App.Services.GetRequiredService<SummaryExport>();
        var pdf = await export.PdfAsync(summary, Clinician, CancellationToken.None);
        var path = Path.Combine(Artifacts, name);
        await File.WriteAllBytesAsync(path, pdf!.Value.Pdf);
        return path;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class SummaryPdfTests(SummaryPdfFixture fixture, ITestOutputHelper output) : IClassFixture<SummaryPdfFixture>
{
    [Fact]
    public async Task Pdf_Draft_EveryHeadingIdentifiersOnEveryPageDraftMarkAndPageOfPages()
    {
        var path = await fixture.PdfFileAsync(fixture.Draft, "summary-draft.pdf");

        var text = await Poppler.TextAsync(path);
        foreach (var (_, title) in SummarySections.All)
        {
            Assert.Contains(title, text, StringComparison.Ordinal);
        }
        Assert.Contains("DRAFT", text, StringComparison.Ordinal);
        Assert.Contains("Unsigned draft", text, StringComparison.Ordinal);
        var pages = await Poppler.PagesAsync(path);
        Assert.InRange(pages, 2, 10);
        for (var page = 1; page <= pages; page++)
        {
            var pageText = await Poppler.TextAsync(path, page);
            Assert.Contains(fixture.Mrn, pageText, StringComparison.Ordinal);
            Assert.Contains($"Page {page} of {pages}", pageText, StringComparison.Ordinal);
            Assert.Matches(@"Printed \d{1,2} [A-Z][a-z]{2} 20\d\d, \d\d:\d\d \(America/New_York\)", pageText);
            Assert.Contains("DRAFT", pageText, StringComparison.Ordinal);
        }
        var info = await Poppler.InfoAsync(path);
        Assert.Matches(@"Page size:\s+59[56](\.\d+)? x 84[12](\.\d+)? pts \(A4\)", info);
        var png = await Poppler.FirstPagePngAsync(path, Path.Combine(SummaryPdfFixture.Artifacts, "summary-draft-page1"));
        Assert.True(new FileInfo(png).Length > 10_000);
        output.WriteLine($"page 1 image: {png}");
    }

    [Fact]
    public async Task Pdf_Signed_SignatureNoDraftMark()
    {
        var path = await fixture.PdfFileAsync(fixture.Signed, "summary-signed.pdf");

        var text = await Poppler.TextAsync(path);

        Assert.Contains("Electronically signed by Dr Grace Hopper", text, StringComparison.Ordinal);
        Assert.Contains($"on {TestClinic.Time.Format(fixture.Signed.SignedAt!.Value)} (America/New_York)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", text, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Clinician.UserId, text, StringComparison.Ordinal);
        Assert.DoesNotContain("DRAFT", text, StringComparison.Ordinal);
        await Poppler.FirstPagePngAsync(path, Path.Combine(SummaryPdfFixture.Artifacts, "summary-signed-page1"));
    }

    [Fact]
    public async Task Export_Zip_PdfAndFhirBundleAndAudited()
    {
        var client = await AccountClient.SignedInClientAsync(fixture.App, AccountClient.DemoEmail(Roles.Clinician));

        var response = await client.GetAsync($"/summaries/{fixture.Signed.Id}/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync());
        Assert.Contains(zip.Entries, e => e.Name.EndsWith(".pdf", StringComparison.Ordinal) && e.Length > 1000);
        await using var json = zip.GetEntry("fhir-bundle.json")!.Open();
        using var bundle = await JsonDocument.ParseAsync(json);
        Assert.Equal("Bundle", bundle.RootElement.GetProperty("resourceType").GetString());
        await using var db = fixture.App.CreateDb();
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "summary.export" && e.ResourceId == fixture.Signed.Id.ToString()));
    }

    [Fact]
    public async Task PdfEndpoint_Clinician_PdfAndAuditedPatientRefused()
    {
        var clinician = await AccountClient.SignedInClientAsync(fixture.App, AccountClient.DemoEmail(Roles.Clinician));
        var patient = await AccountClient.SignedInClientAsync(fixture.App, AccountClient.DemoEmail(Roles.Patient));

        var pdf = await clinician.GetAsync($"/summaries/{fixture.Signed.Id}/pdf");
        var refused = await patient.GetAsync($"/summaries/{fixture.Signed.Id}/pdf");
        var missing = await clinician.GetAsync($"/summaries/{Guid.NewGuid()}/pdf");

        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync())[..4], StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain("%PDF", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await using var db = fixture.App.CreateDb();
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Action == "summary.print" && e.ResourceId == fixture.Signed.Id.ToString()));
    }

    [Fact]
    public async Task PrintView_Clinician_PrintScriptCarriesThisResponsesCspNonce()
    {
        using var clinician = await AccountClient.SignedInClientAsync(fixture.App, AccountClient.DemoEmail(Roles.Clinician));

        var response = await clinician.GetAsync($"/summaries/{fixture.Signed.Id}/print");
        var html = await response.Content.ReadAsStringAsync();
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        var nonce = System.Text.RegularExpressions.Regex.Match(csp, "'nonce-([^']+)'").Groups[1].Value;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("", nonce);
        Assert.Contains($"<script nonce=\"{nonce}\">window.addEventListener('load', () => window.print());</script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Printer_BrowserCrashed_NextPrintRestartsIt()
    {
        var printer = fixture.App.Services.GetRequiredService<SummaryPdfPrinter>();
        await fixture.PdfFileAsync(fixture.Signed, "warm.pdf");
        var launches = printer.Launches;

        await printer.CloseBrowserAsync();
        var path = await fixture.PdfFileAsync(fixture.Signed, "after-crash.pdf");

        Assert.Equal(launches + 1, printer.Launches);
        Assert.Contains("Electronically signed", await Poppler.TextAsync(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Printer_ChromiumMissing_ClearErrorNamingTheSetting()
    {
        await using var printer = new SummaryPdfPrinter(Options.Create(new SummaryPdfOptions { ChromiumPath = "/nonexistent/chromium" }), TimeProvider.System, TestClinic.Time, NullLogger<SummaryPdfPrinter>.Instance);

        var error = await Assert.ThrowsAsync<PdfUnavailableException>(() => printer.PrintAsync("<p>x</p>", "header"));

        Assert.Contains("Chromium, which was not found at /nonexistent/chromium", error.Message, StringComparison.Ordinal);
        Assert.Contains("Pdf:ChromiumPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Printer_LetterSetting_LetterPages()
    {
        await using var printer = new SummaryPdfPrinter(Options.Create(new SummaryPdfOptions { Paper = "Letter" }), TimeProvider.System, TestClinic.Time, NullLogger<SummaryPdfPrinter>.Instance);
        var path = Path.Combine(SummaryPdfFixture.Artifacts, "letter.pdf");

        await File.WriteAllBytesAsync(path, await printer.PrintAsync("<html><body><p>Letter page</p></body></html>", "MRN header"));

        Assert.Matches(@"Page size:\s+612 x 792 pts \(letter\)", await Poppler.InfoAsync(path));
    }
}
