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

        group.MapGet("/pdf", async Task<IResult> (Guid id, HttpContext http, SummaryService summaries, SummaryExport export, CancellationToken ct) =>
        {
            if (await summaries.GetAsync(AuditActors.From(http), id, "summary.print", ct) is not { } summary)
            {
                return NotFound();
            }
            try
            {
                return await export.PdfAsync(summary, ct) is { } pdf ? TypedResults.File(pdf.Pdf, "application/pdf", pdf.FileName) : NotFound();
            }
            catch (PdfUnavailableException ex)
            {
                return TypedResults.Problem(statusCode: 503, title: "The PDF could not be made", detail: ex.Message);
            }
        });

        group.MapGet("/print", async Task<IResult> (Guid id, HttpContext http, SummaryService summaries, SummaryExport export, CancellationToken ct) =>
        {
            if (await summaries.GetAsync(AuditActors.From(http), id, "summary.print_view", ct) is not { } summary || await export.HtmlAsync(summary, ct) is not { } document)
            {
                return NotFound();
            }
            var printScript = "<script>window.addEventListener('load', () => window.print());</script>";
            return TypedResults.Content(document.Html.Replace("</body>", printScript + "</body>", StringComparison.Ordinal), "text/html; charset=utf-8");
        });

        group.MapGet("/export", async Task<IResult> (Guid id, HttpContext http, SummaryService summaries, SummaryExport export, CancellationToken ct) =>
        {
            if (await summaries.GetAsync(AuditActors.From(http), id, "summary.export", ct) is not { } summary)
            {
                return NotFound();
            }
            try
            {
                return await export.ZipAsync(summary, ct) is { } zip ? TypedResults.File(zip.Zip, "application/zip", zip.FileName) : NotFound();
            }
            catch (PdfUnavailableException ex)
            {
                return TypedResults.Problem(statusCode: 503, title: "The export could not be made", detail: ex.Message);
            }
        });

        return endpoints;
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
