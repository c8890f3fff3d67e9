using System.Security.Claims;
using MedPortal.Core.Data;
using MedPortal.Core.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MedPortal.Web.Identity;

internal static class IdentityExtensions
{
    public static IHostApplicationBuilder AddMedPortalIdentity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SignInOptions>().BindConfiguration(SignInOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DemoAccountOptions>().BindConfiguration(DemoAccountOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Identity's EF stores resolve the context from the request scope. Only static SSR account pages and the
        // revalidation check (its own scope) use them; components use IDbContextFactory, never this scoped instance.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<MedPortalDb>>().CreateDbContext());

        services.AddIdentity<MedPortalUser, IdentityRole>()
            .AddEntityFrameworkStores<MedPortalDb>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<DisplayNameClaims>()
            .AddSignInManager<MeteredSignInManager>();
        services.AddSingleton<IConfigureOptions<IdentityOptions>, ConfigureIdentityOptions>();
        // A cookie issued before a sign-out (which rotates the security stamp) stops working within this interval.
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<SignInOptions>>((stamp, signIn) =>
        {
            stamp.ValidationInterval = TimeSpan.FromSeconds(signIn.Value.RevalidateSeconds);
            // The revalidated cookie is rebuilt from the database, which does not know how this session signed in:
            // carry the "signed in with a second factor" claim over, or staff would be sent to enrolment each interval.
            stamp.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal?.FindFirst(StaffMfa.MethodClaim) is { } method && context.NewPrincipal?.Identity is ClaimsIdentity identity
                    && !identity.HasClaim(c => c.Type == StaffMfa.MethodClaim))
                {
                    identity.AddClaim(new Claim(StaffMfa.MethodClaim, method.Value));
                }
                return Task.CompletedTask;
            };
        });
        services.AddScoped<TwoFactorEnrolment>();
        // Keys in PostgreSQL: a restart or a second instance still reads the sign-in and antiforgery cookies.
        services.AddDataProtection()
            .SetApplicationName("MedPortal")
            .PersistKeysToDbContext<MedPortalDb>();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = "/account/login";
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/access-denied";
            cookie.Cookie.Name = "MedPortal.Auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            cookie.SlidingExpiration = true;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
        });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Patient, p => p.RequireRole(Roles.Patient))
            .AddPolicy(Policies.Nurse, p => p.RequireRole(Roles.Nurse))
            .AddPolicy(Policies.Clinician, p => p.RequireRole(Roles.Clinician))
            .AddPolicy(Policies.ClinicalStaff, p => p.RequireRole(Roles.Nurse, Roles.Clinician))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        // Confirmation, reset and invitation links: one use (bound to the security stamp) and this long at most.
        services.AddOptions<DataProtectionTokenProviderOptions>().Configure<IOptions<SignInOptions>>((tokens, signIn) =>
            tokens.TokenLifespan = TimeSpan.FromHours(signIn.Value.AccountLinkHours));
        services.AddScoped<AccountEmails>();
        services.AddScoped<StaffLifecycle>();
        services.AddScoped<SignInRefusal>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();

        services.AddHostedService<DatabaseInitializer>();
        return builder;
    }

    private sealed class ConfigureIdentityOptions(IOptions<SignInOptions> signIn) : IConfigureOptions<IdentityOptions>
    {
        public void Configure(IdentityOptions options)
        {
            var settings = signIn.Value;
            options.Lockout.MaxFailedAccessAttempts = settings.MaxFailedAttempts;
            options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(settings.LockoutMinutes);
            options.Lockout.AllowedForNewUsers = true;
            options.Password.RequiredLength = settings.MinimumPasswordLength;
            options.Password.RequireNonAlphanumeric = false;
            options.User.RequireUniqueEmail = true;
            // A patient confirms the registration email before the first sign-in; staff confirm by accepting the invitation.
            options.SignIn.RequireConfirmedEmail = true;
        }
    }
}
