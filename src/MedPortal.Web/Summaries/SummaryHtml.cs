using System.Net;
using MedPortal.Core.Summaries;
using MedPortal.Web.Components.Summaries;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace MedPortal.Web.Summaries;

/// <summary>Renders the on-screen <see cref="SummaryViewer"/> to a standalone HTML document with the same stylesheet.</summary>
public sealed class SummaryHtml(IServiceScopeFactory scopes, ILoggerFactory loggers, IWebHostEnvironment environment)
{
    private readonly Lazy<string> css = new(() =>
    {
        var file = environment.WebRootFileProvider.GetFileInfo("summary.css");
        using var stream = file.CreateReadStream();
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The whole document: the viewer in print mode, the summary stylesheet inlined.</summary>
    public async Task<string> DocumentAsync(ClinicalSummary summary, string identifierLine, MedPortal.Core.Identity.PersonNames names)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        var body = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(SummaryViewer.Summary)] = summary,
                [nameof(SummaryViewer.IdentifierLine)] = identifierLine,
                [nameof(SummaryViewer.Names)] = names,
                [nameof(SummaryViewer.Print)] = true,
            });
            var output = await renderer.RenderComponentAsync<SummaryViewer>(parameters);
            return output.ToHtmlString();
        });
        return $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Clinical summary · {WebUtility.HtmlEncode(identifierLine)}</title>
            <style>{css.Value}</style></head>
            <body>{body}</body></html>
            """;
    }
}
