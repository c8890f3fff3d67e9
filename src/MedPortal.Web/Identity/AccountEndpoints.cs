using MedPortal.Core.Identity;
using Microsoft.AspNetCore.Identity;

namespace MedPortal.Web.Identity;

internal static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/logout", async (HttpContext http, SignInManager<MedPortalUser> signIn, [Microsoft.AspNetCore.Mvc.FromForm(Name = "__reason")] string? reason) =>
        {
            // Binding a form field makes the antiforgery middleware validate the post: no cross-site sign-out.
            _ = reason;
            // A new security stamp retires every cookie issued to this account so far, including a copied one.
            if (await signIn.UserManager.GetUserAsync(http.User) is { } user)
            {
                await signIn.UserManager.UpdateSecurityStampAsync(user);
            }
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login?signedOut=1");
        }).RequireAuthorization(Policies.SignedIn);
        return endpoints;
    }
}
