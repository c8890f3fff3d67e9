using MedPortal.Core.Audit;
using MedPortal.Core.Clinic;
using MedPortal.Core.Consultations;
using MedPortal.Core.Documents;
using MedPortal.Core.Live;
using MedPortal.Core.Notifications;
using MedPortal.Web.Identity;
using MudBlazor;
using MudBlazor.Services;

namespace MedPortal.Web.Hosting;

internal static class WebExtensions
{
    public static IHostApplicationBuilder AddMedPortalWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents(options =>
        {
            options.DetailedErrors = builder.Environment.IsDevelopment();
        });
        builder.Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            options.SnackbarConfiguration.VisibleStateDuration = 6000;
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<CircuitAuditActor>();
        builder.AddMedPortalClinic();
        builder.AddMedPortalAudit();
        builder.AddMedPortalLive();
        builder.AddMedPortalConsultations();
        builder.AddMedPortalDocuments();
        builder.AddMedPortalNotifications();
        MedPortal.Core.Privacy.PrivacyExtensions.AddMedPortalPrivacy(builder);
        builder.Services.AddSingleton<MedPortal.Web.Chat.AssistantModel>();
        builder.Services.AddSingleton<MedPortal.Core.Consultations.Chat.IAssistantModelSource>(sp => sp.GetRequiredService<MedPortal.Web.Chat.AssistantModel>());
        MedPortal.Inference.InferenceExtensions.AddInference(builder, static (services, remote) =>
            new MedPortal.Core.Privacy.DeidentifyingChatClient(remote, services.GetRequiredService<MedPortal.Core.Privacy.PhiScrubber>()));
        builder.Services.AddSingleton<MedPortal.Web.Chat.IAssistantModelReadiness, MedPortal.Web.Chat.ModelStatusReadiness>();
        return builder;
    }

    /// <summary>
    /// Blazor answers a form post with a bad antiforgery token with a bare text 400. Short-circuit it instead, so the
    /// status-code page explains what to do.
    /// </summary>
    public static WebApplication UseFriendlyAntiforgeryErrors(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method)
                && context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null
                && context.Features.Get<Microsoft.AspNetCore.Antiforgery.IAntiforgeryValidationFeature>() is { IsValid: false })
            {
                await ErrorPages.WriteAsync(context, StatusCodes.Status400BadRequest);
                return;
            }
            await next(context);
        });
        return app;
    }
}
