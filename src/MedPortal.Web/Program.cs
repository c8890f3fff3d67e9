using MedPortal.Core.Data;
using MedPortal.Web.Components;
using MedPortal.Web.Consultations;
using MedPortal.Web.Diagnostics;
using MedPortal.Web.Health;
using MedPortal.Web.Hosting;
using MedPortal.Web.Identity;
using MedPortal.Web.Summaries;
using MedPortal.Web.Telemetry;
using Microsoft.Extensions.Options;

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddMedPortalData();
    builder.AddMedPortalTransport();
    builder.AddMedPortalRateLimits();
    builder.AddMedPortalIdentity();
    builder.AddMedPortalHealth();
    builder.AddMedPortalWeb();
    builder.AddMedPortalDiagnostics();
    builder.AddMedPortalSummaries();
    builder.AddMedPortalTelemetry();

    var app = builder.Build();
    app.UseMedPortalTransport();
    app.UseMedPortalMetricsGuard();
    app.UseMedPortalRateLimits();
    app.UseMedPortalErrorPages();
    app.UseStaticFiles();
    app.UseAuthentication();
    app.UseStaffMfa();
    app.UseAuthorization();
    app.UseAntiforgery();
    app.UseFriendlyAntiforgeryErrors();
    app.MapStaticAssets().AllowAnonymous();
    app.MapMedPortalHealth();
    app.MapAccountEndpoints();
    app.MapConsultationEndpoints();
    app.MapSummaryEndpoints();
    app.MapMedPortalDiagnostics();
    app.MapMedPortalMetrics();
    app.MapRazorComponents<App>().AddInteractiveServerRenderMode(server => server.ContentSecurityFrameAncestorsPolicy = "'none'");

    // Settings are checked before anything starts, so a wrong value is reported once, plainly.
    app.Services.GetRequiredService<IStartupValidator>().Validate();
    await app.RunAsync();
    return 0;
}
catch (Exception error) when (StartupProblem.Describe(error) is { } problem)
{
    await Console.Error.WriteLineAsync(problem);
    return 2;
}

/// <summary>The web host's entry point (public for <c>WebApplicationFactory</c>).</summary>
public partial class Program;
