using System.IO.Compression;
using MedPortal.Core.Audit;
using MedPortal.Core.Identity;
using MedPortal.Core.Summaries;

namespace MedPortal.Web.Summaries;

/// <summary>Makes the printable forms of a summary version: HTML, PDF, and the ZIP with the PDF and the FHIR bundle.</summary>
public sealed class SummaryExport(SummaryService summaries, SummaryHtml html, SummaryPdfPrinter printer, PeopleDirectory people, TimeProvider clock)
{
    /// <summary>The standalone HTML document (the print view).</summary>
    /// <param name="summary">The version.</param>
    /// <param name="reader">Who asked for it (the names it shows are read as them).</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<(string Html, SummaryRecord Record)?> HtmlAsync(ClinicalSummary summary, AuditActor reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var record = await summaries.LoadRecordAsync(summary.ConsultationId, cancellationToken);
        if (record is null)
        {
            return null;
        }
        var names = await people.NamesAsync(reader, summary.PeopleIds, cancellationToken);
        return (await html.DocumentAsync(summary, record.IdentifierLine, names), record);
    }

    /// <summary>The PDF of a version, with a file name.</summary>
    /// <exception cref="PdfUnavailableException">The printer could not print.</exception>
    public async Task<(byte[] Pdf, string FileName, SummaryRecord Record)?> PdfAsync(ClinicalSummary summary, AuditActor reader, CancellationToken cancellationToken)
    {
        if (await HtmlAsync(summary, reader, cancellationToken) is not { } document)
        {
            return null;
        }
        var pdf = await printer.PrintAsync(document.Html, document.Record.IdentifierLine, cancellationToken);
        return (pdf, $"summary-{document.Record.MedicalRecordNumber}-v{summary.Version}{(summary.Status == SummaryStatus.Draft ? "-draft" : "")}.pdf", document.Record);
    }

    /// <summary>A ZIP with the PDF and <c>fhir-bundle.json</c>.</summary>
    public async Task<(byte[] Zip, string FileName)?> ZipAsync(ClinicalSummary summary, AuditActor reader, CancellationToken cancellationToken)
    {
        if (await PdfAsync(summary, reader, cancellationToken) is not { } pdf)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using (var entry = await zip.CreateEntry(pdf.FileName).OpenAsync(cancellationToken))
            {
                await entry.WriteAsync(pdf.Pdf, cancellationToken);
            }
            await using var json = new StreamWriter(await zip.CreateEntry("fhir-bundle.json").OpenAsync(cancellationToken));
            await json.WriteAsync(FhirExport.BundleJson(pdf.Record, summary, clock.GetUtcNow()));
        }
        return (buffer.ToArray(), Path.ChangeExtension(pdf.FileName, ".zip"));
    }
}
