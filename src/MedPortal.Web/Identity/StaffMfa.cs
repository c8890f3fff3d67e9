using System.Security.Claims;
using MedPortal.Core.Identity;
using Microsoft.AspNetCore.Authorization;

namespace MedPortal.Web.Identity;

/// <summary>
/// Nurses, clinicians and admins must have signed in with a second factor before anything but the account pages opens.
/// A staff session without it (an account never enrolled, or one an admin reset) is sent to <see cref="EnrolPath"/>.
/// It runs as middleware, after authentication and before authorization, so it covers static pages, endpoints and the
/// Blazor hub alike: without the second factor no circuit can start, so no interactive route can open either.
/// </summary>
internal static class StaffMfa
{
    /// <summary>The enrolment and security page (<c>Mfa.razor</c>).</summary>
    public const string EnrolPath = "/account/mfa";

    /// <summary>The second sign-in step (<c>LoginTwoFactor.razor</c>).</summary>
    public const string SignInPath = "/account/login-2fa";

    /// <summary>Identity's "authentication method reference" claim; "mfa" after a two-factor sign-in.</summary>
    public const string MethodClaim = "amr";

    public const string MultiFactor = "mfa";

    /// <summary>The roles that must sign in with a second factor.</summary>
    public static readonly IReadOnlyList<string> StaffRoles = [Roles.Nurse, Roles.Clinician, Roles.Admin];

    /// <summary>True for a role that may not work without a second factor.</summary>
    public static bool IsStaff(ClaimsPrincipal user) => StaffRoles.Any(user.IsInRole);

    /// <summary>True when this session was signed in with a second factor.</summary>
    public static bool SignedInWithSecondFactor(ClaimsPrincipal user) => user.HasClaim(MethodClaim, MultiFactor);

    /// <summary>True when <paramref name="user"/> is staff whose session lacks the second factor.</summary>
    public static bool MustEnrol(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && IsStaff(user) && !SignedInWithSecondFactor(user);

    public static WebApplication UseStaffMfa(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!MustEnrol(context.User) || MayPass(context))
            {
                await next(context);
                return;
            }
            if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            {
                var back = context.Request.Path + context.Request.QueryString;
                context.Response.Redirect($"{EnrolPath}?returnUrl={Uri.EscapeDataString(back)}");
                return;
            }
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
        });
        return app;
    }

    // The account pages (enrolment, sign-out, sign-in) and anonymous endpoints (static assets, health) stay reachable.
    private static bool MayPass(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/account", StringComparison.OrdinalIgnoreCase)
        || context.GetEndpoint()?.Metadata.GetMetadata<IAllowAnonymous>() is not null;
}
