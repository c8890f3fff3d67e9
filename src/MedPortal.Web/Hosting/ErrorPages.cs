using System.Net;
using MedPortal.Core.Safety;
using Microsoft.AspNetCore.Diagnostics;

namespace MedPortal.Web.Hosting;

/// <summary>
/// Friendly, self-contained error pages. They are written directly (not re-executed through a Razor page) because a
/// re-executed request keeps its method and body, and a broken POST would just break again.
/// </summary>
internal static class ErrorPages
{
    public static WebApplication UseMedPortalErrorPages(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context => WriteAsync(context, context.Features.Get<IExceptionHandlerFeature>()?.Error switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                InvalidDataException => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status500InternalServerError,
            }),
        });
        app.UseStatusCodePages(context => WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode));
        return app;
    }

    public static async Task WriteAsync(HttpContext context, int status)
    {
        if (context.Response.HasStarted)
        {
            return;
        }
        context.Response.Clear();
        context.Response.StatusCode = status;
        var (title, message) = Describe(status);
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(statusCode: status, title: title, detail: message).ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{WebUtility.HtmlEncode(title)}} · MedPortal</title>
            <style>body{font-family:"DejaVu Sans",system-ui,sans-serif;background:#f4f6f8;margin:0;display:flex;min-height:100vh;align-items:center;justify-content:center}
            main{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 2px 12px rgba(0,0,0,.08);max-width:32rem}
            h1{font-size:1.4rem}small{color:#5f6b76}</style></head>
            <body><main><h1>{{WebUtility.HtmlEncode(title)}}</h1><p data-testid="error-message">{{WebUtility.HtmlEncode(message)}}</p>
            <p><a href="/">Go to your home page</a></p>
            <p><small>Reference for support: {{WebUtility.HtmlEncode(context.TraceIdentifier)}}</small></p>
            <p><small>{{WebUtility.HtmlEncode(EmergencyGuidance.EmergencyPath + " " + EmergencyGuidance.CrisisLine)}}</small></p>
            </main></body></html>
            """);
    }

    private static (string Title, string Message) Describe(int status) => status switch
    {
        400 => ("The request could not be read", "The form was incomplete, expired or altered. Go back, reload the page and send it again."),
        403 => ("Access denied", "Your account does not have access to that page. Nothing was shown or changed."),
        404 => ("Page not found", "There is nothing at this address."),
        405 => ("Not allowed", "This address does not accept that kind of request."),
        413 => ("Too large", "What you sent is larger than MedPortal accepts."),
        415 => ("Unsupported format", "This address does not accept that format. Use the form on the page."),
        429 => ("Please wait a moment", RequestRateLimits.RejectedMessage),
        _ when status < 500 => ($"Error {status}", "The request could not be completed."),
        _ => ("Something went wrong", "MedPortal hit an unexpected problem. Nothing you saved before this page was lost; try again in a moment."),
    };
}
