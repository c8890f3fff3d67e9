using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MedPortal.Web.Hosting;

/// <summary>
/// Limits sign-in, registration and consultation-start posts and summary downloads per client address (after forwarded headers, so
/// behind a known proxy it is the real client). It runs before antiforgery, authentication and form binding, so a
/// flood of malformed posts is refused as cheaply as a flood of well-formed ones. Per account, Identity's lockout
/// (section <c>SignIn</c>) limits password guesses further.
/// </summary>
internal static class RequestRateLimits
{
    public const string RejectedMessage = "Too many requests from your connection in a short time. Please wait a moment and try again.";

    public static IHostApplicationBuilder AddMedPortalRateLimits(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddSingleton<Chat.ChatSendLimiter>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, limits) =>
        {
            var settings = limits.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Classify(context.Request) switch
            {
                { } kind => RateLimitPartition.GetFixedWindowLimiter(kind + "|" + ClientAddress(context), _ => Window(kind switch
                {
                    "sign-in" => settings.SignIn,
                    "registration" or "password-reset" => settings.Registration,
                    "password-set" => settings.SignIn,
                    "consultation-start" => settings.ConsultationStart,
                    _ => settings.Export,
                })),
                null => RateLimitPartition.GetNoLimiter(""),
            });
            limiter.OnRejected = async (rejected, _) =>
            {
                var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
                    ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                    : 60;
                var response = rejected.HttpContext.Response;
                // OnStarting, not now: the error page clears the response headers before writing.
                response.OnStarting(() =>
                {
                    response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                    return Task.CompletedTask;
                });
                await ErrorPages.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests);
            };
        });
        return builder;
    }

    /// <summary>Right after the forwarded headers (which set the client address) and before anything reads the body.</summary>
    public static WebApplication UseMedPortalRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    private static string? Classify(HttpRequest request)
    {
        if (HttpMethods.IsPost(request.Method))
        {
            // The code step shares the password step's window: one budget of guesses per address for the whole sign-in.
            return request.Path.Equals("/account/login", StringComparison.OrdinalIgnoreCase) ? "sign-in"
                : request.Path.Equals("/account/login-2fa", StringComparison.OrdinalIgnoreCase) ? "sign-in"
                : request.Path.Equals("/account/register", StringComparison.OrdinalIgnoreCase) ? "registration"
                : request.Path.Equals(Consultations.ConsultationEndpoints.StartPath, StringComparison.OrdinalIgnoreCase) ? "consultation-start"
                // Each sends an email: limited like registration, in a partition of its own.
                : request.Path.Equals("/account/forgot-password", StringComparison.OrdinalIgnoreCase) ? "password-reset"
                // Token guesses: limited like sign-in.
                : request.Path.Equals("/account/reset-password", StringComparison.OrdinalIgnoreCase)
                    || request.Path.Equals("/account/set-password", StringComparison.OrdinalIgnoreCase) ? "password-set"
                : null;
        }
        if (HttpMethods.IsGet(request.Method) && request.Path.StartsWithSegments("/summaries", StringComparison.OrdinalIgnoreCase)
            && request.Path.Value is { } path
            && (path.EndsWith("/pdf", StringComparison.OrdinalIgnoreCase) || path.EndsWith("/export", StringComparison.OrdinalIgnoreCase)
                || path.EndsWith("/print", StringComparison.OrdinalIgnoreCase)))
        {
            return "export";
        }
        return null;
    }

    // No address (an in-process caller) shares one partition: it is limited, not exempt.
    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public static FixedWindowRateLimiterOptions Window(RateLimitWindow window) => new()
    {
        PermitLimit = window.PermitLimit,
        Window = TimeSpan.FromSeconds(window.WindowSeconds),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
