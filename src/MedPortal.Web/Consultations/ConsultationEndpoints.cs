using MedPortal.Core.Consultations;
using MedPortal.Core.Identity;
using MedPortal.Web.Identity;

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

        return endpoints;
    }
}

internal sealed record ConsultationDto(Guid Id, DateTimeOffset StartedAt, string Status, string? ChiefComplaint)
{
    public static ConsultationDto From(Consultation c) => new(c.Id, c.StartedAt, c.Status.ToString(), c.ChiefComplaint);
}
