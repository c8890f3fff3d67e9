using MedPortal.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace MedPortal.Web.Identity;

internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/logout", async (SignInManager<MedPortalUser> signIn, [Microsoft.AspNetCore.Mvc.FromForm(Name = "__reason")] string? reason) =>
        {
            // Binding a form field makes the antiforgery middleware validate the post: no cross-site sign-out.
            _ = reason;
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login?signedOut=1");
        }).RequireAuthorization(Policies.SignedIn);
        return endpoints;
    }
}
