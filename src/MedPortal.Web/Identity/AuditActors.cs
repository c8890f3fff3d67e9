using System.Security.Claims;
using MedPortal.Core.Audit;
using MedPortal.Core.Identity;
using Microsoft.AspNetCore.Components.Authorization;

namespace MedPortal.Web.Identity;

/// <summary>Builds the <see cref="AuditActor"/> for a request or a circuit.</summary>
internal static class AuditActors
{
    public static AuditActor From(ClaimsPrincipal user, string? clientAddress)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";
        // A user holds one role in practice; the most privileged wins if an admin gave them several.
        var role = Roles.All.LastOrDefault(user.IsInRole) ?? "None";
        return new AuditActor(id, role, clientAddress);
    }

    public static AuditActor From(HttpContext http) => From(http.User, http.Connection.RemoteIpAddress?.ToString());
}

/// <summary>The signed-in user of a circuit as an audit actor. The client address is captured when the circuit starts.</summary>
internal sealed class CircuitAuditActor(AuthenticationStateProvider authentication, IHttpContextAccessor http)
{
    private readonly string? clientAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    public async Task<AuditActor> GetAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return AuditActors.From(state.User, clientAddress);
    }
}
