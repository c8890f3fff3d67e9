using MedPortal.Core.Consultations;
using MedPortal.Core.Consultations.Chat;
using MedPortal.Core.Identity;
using MedPortal.Web.Identity;
using Microsoft.AspNetCore.Antiforgery;

namespace MedPortal.Web.Consultations;

internal static class ConsultationEndpoints
{
    public static IEndpointRouteBuilder MapConsultationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/consultations").RequireAuthorization(Policies.SignedIn);

        api.MapGet("/", async Task<IResult> (HttpContext http, ConsultationReader reader, CancellationToken ct) =>
        {
            var list = await reader.ListOwnAsync(AuditActors.From(http), ct);
            return TypedResults.Ok(list.Select(ConsultationDto.From));
        }).RequireAuthorization(Policies.Patient);

        // A refused read answers 404, the same as a missing id: ids of other patients' consultations leak nothing.
        api.MapGet("/{id:guid}", async Task<IResult> (Guid id, HttpContext http, ConsultationReader reader, CancellationToken ct) =>
            await reader.OpenAsync(AuditActors.From(http), id, ct) is { } consultation
                ? TypedResults.Ok(ConsultationDto.From(consultation))
                : TypedResults.Problem(statusCode: 404, title: "Consultation not found", detail: "There is no consultation with this id that you may open."));

        // "Start a new consultation" is a plain form post, not a circuit call: the patient's first click works before the
        // circuit connects, while it hands over from the prerendered page, and after it drops.
        endpoints.MapPost(StartPath, async Task<IResult> (HttpContext http, ConsultationAssistant assistant, CancellationToken ct) =>
        {
            if (http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
            {
                return TypedResults.BadRequest();
            }
            var consultation = await assistant.StartAsync(AuditActors.From(http), ct);
            // 303 See Other: the browser follows with a GET, so reloading the chat never posts the form again.
            http.Response.Headers.Location = $"/consultations/{consultation.Id}";
            return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
        }).RequireAuthorization(Policies.Patient).WithMetadata(new RequireAntiforgeryTokenAttribute());

        return endpoints;
    }

    /// <summary>Where the "Start a new consultation" form posts.</summary>
    public const string StartPath = "/consultations/start";
}

internal sealed record ConsultationDto(Guid Id, DateTimeOffset StartedAt, string Status, string? ChiefComplaint)
{
    public static ConsultationDto From(Consultation c) => new(c.Id, c.StartedAt, c.Status.ToString(), c.ChiefComplaint);
}
