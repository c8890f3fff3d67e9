using System.IO.Compression;
using MedPortal.Core.Summaries;

namespace MedPortal.Web.Summaries;

/// <summary>Makes the printable forms of a summary version: HTML, PDF, and the ZIP with the PDF and the FHIR bundle.</summary>
public sealed class SummaryExport(SummaryService summaries, SummaryHtml html, SummaryPdfPrinter printer, TimeProvider clock)
{
    /// <summary>The standalone HTML document (the print view).</summary>
    public async Task<(string Html, SummaryRecord Record)?> HtmlAsync(ClinicalSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var record = await summaries.LoadRecordAsync(summary.ConsultationId, cancellationToken);
        return record is null ? null : (await html.DocumentAsync(summary, record.IdentifierLine), record);
    }

    /// <summary>The PDF of a version, with a file name.</summary>
    /// <exception cref="PdfUnavailableException">The printer could not print.</exception>
    public async Task<(byte[] Pdf, string FileName, SummaryRecord Record)?> PdfAsync(ClinicalSummary summary, CancellationToken cancellationToken)
    {
        if (await HtmlAsync(summary, cancellationToken) is not { } document)
        {
            return null;
        }
        var pdf = await printer.PrintAsync(document.Html, document.Record.IdentifierLine, cancellationToken);
        return (pdf, $"summary-{document.Record.MedicalRecordNumber}-v{summary.Version}{(summary.Status == SummaryStatus.Draft ? "-draft" : "")}.pdf", document.Record);
    }

    /// <summary>A ZIP with the PDF and <c>fhir-bundle.json</c>.</summary>
    public async Task<(byte[] Zip, string FileName)?> ZipAsync(ClinicalSummary summary, CancellationToken cancellationToken)
    {
        if (await PdfAsync(summary, cancellationToken) is not { } pdf)
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
