using MedPortal.Core.Identity;
using MedPortal.Core.Summaries;
using MedPortal.Web.Identity;

namespace MedPortal.Web.Summaries;

/// <summary>Download, print view and export of a summary version. Clinicians only; each is audited.</summary>
internal static class SummaryEndpoints
{
    public static IEndpointRouteBuilder MapSummaryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/summaries/{id:guid}").RequireAuthorization(Policies.Clinician);

        group.MapGet("/pdf", (Guid id, HttpContext http, SummaryService summaries, SummaryExport export, CancellationToken ct) =>
            FileAsync(id, http, summaries, "summary.print", "The PDF could not be made", async summary =>
                await export.PdfAsync(summary, AuditActors.From(http), ct) is { } pdf ? (pdf.Pdf, "application/pdf", pdf.FileName) : null, ct));

        group.MapGet("/print", async Task<IResult> (Guid id, HttpContext http, SummaryService summaries, SummaryExport export, CancellationToken ct) =>
        {
            if (await summaries.GetAsync(AuditActors.From(http), id, "summary.print_view", ct) is not { } summary || await export.HtmlAsync(summary, AuditActors.From(http), ct) is not { } document)
            {
                return NotFound();
            }
            var printScript = $"<script nonce=\"{Hosting.SecurityHeaders.Nonce(http)}\">window.addEventListener('load', () => window.print());</script>";
            return TypedResults.Content(document.Html.Replace("</body>", printScript + "</body>", StringComparison.Ordinal), "text/html; charset=utf-8");
        });

        group.MapGet("/export", (Guid id, HttpContext http, SummaryService summaries, SummaryExport export, CancellationToken ct) =>
            FileAsync(id, http, summaries, "summary.export", "The export could not be made", async summary =>
                await export.ZipAsync(summary, AuditActors.From(http), ct) is { } zip ? (zip.Zip, "application/zip", zip.FileName) : null, ct));

        return endpoints;
    }

    /// <summary>Reads (and audits) the version, makes the file, and turns a printer failure into a 503 that says why.</summary>
    private static async Task<IResult> FileAsync(Guid id, HttpContext http, SummaryService summaries, string action, string failureTitle,
        Func<ClinicalSummary, Task<(byte[] Bytes, string ContentType, string FileName)?>> make, CancellationToken ct)
    {
        if (await summaries.GetAsync(AuditActors.From(http), id, action, ct) is not { } summary)
        {
            return NotFound();
        }
        try
        {
            return await make(summary) is { } file ? TypedResults.File(file.Bytes, file.ContentType, file.FileName) : NotFound();
        }
        catch (PdfUnavailableException ex)
        {
            return TypedResults.Problem(statusCode: 503, title: failureTitle, detail: ex.Message);
        }
    }

    private static IResult NotFound() =>
        TypedResults.Problem(statusCode: 404, title: "Summary not found", detail: "There is no summary version with this id.");

    /// <summary>Registers the summary services.</summary>
    public static IHostApplicationBuilder AddMedPortalSummaries(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SummaryPdfOptions>().BindConfiguration(SummaryPdfOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SummaryPdfPrinter>();
        builder.Services.AddSingleton<SummaryHtml>();
        builder.Services.AddSingleton<SummaryExport>();
        return builder;
    }
}
