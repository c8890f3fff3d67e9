using System.Security.Cryptography;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace MedPortal.Web.Hosting;

/// <summary>
/// Transport and browser hardening: forwarded headers from known proxies only, HSTS and Secure cookies outside
/// Development, and a Content-Security-Policy (with a per-request script nonce) plus the other protective headers on
/// every response, error pages included. See docs/security.md for what each one stops.
/// </summary>
internal static class SecurityHeaders
{
    private static readonly object NonceKey = new();

    public static IHostApplicationBuilder AddMedPortalTransport(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ReverseProxyOptions>().BindConfiguration(ReverseProxyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReverseProxyOptions>, ReverseProxyOptionsValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((forwarded, proxy) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = proxy.Value.ForwardLimit;
            foreach (var address in proxy.Value.KnownProxies)
            {
                if (System.Net.IPAddress.TryParse(address, out var parsed))
                {
                    forwarded.KnownProxies.Add(parsed);
                }
            }
            foreach (var network in proxy.Value.KnownNetworks)
            {
                if (System.Net.IPNetwork.TryParse(network, out var parsed))
                {
                    forwarded.KnownIPNetworks.Add(parsed);
                }
            }
        });
        services.AddHsts(hsts =>
        {
            hsts.MaxAge = TimeSpan.FromDays(365);
            hsts.IncludeSubDomains = true;
        });
        if (!builder.Environment.IsDevelopment())
        {
            // Every cookie (sign-in, antiforgery, theme) only travels over HTTPS; browsers treat http://localhost as secure.
            services.Configure<CookiePolicyOptions>(cookies => cookies.Secure = CookieSecurePolicy.Always);
            services.AddAntiforgery(antiforgery => antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.Always);
        }
        return builder;
    }

    /// <summary>Goes first in the pipeline, so error pages and static files carry the headers too.</summary>
    public static WebApplication UseMedPortalTransport(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            // UseHsts only writes the header on HTTPS requests (after forwarded headers set the scheme).
            app.UseHsts();
            app.UseCookiePolicy();
        }
        app.Use((context, next) =>
        {
            // Hex, not base64: '+' in a base64 nonce is HTML-encoded in the rendered attribute (&#x2B;), which made the
            // page's text differ from the header half the time; hex needs no encoding anywhere.
            var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            // OnStarting, not now: the error pages clear the response headers before writing.
            context.Response.OnStarting(() =>
            {
                Apply(context.Response.Headers, nonce);
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// <summary>The nonce that lets this response's own inline scripts (the import map, the print script) run.</summary>
    public static string Nonce(HttpContext context) =>
        context.Items[NonceKey] as string ?? throw new InvalidOperationException("UseMedPortalTransport must run before the page renders.");

    /// <summary>
    /// Scripts: only this origin's files and this response's nonce; no 'unsafe-eval' (Blazor Server needs none).
    /// Styles: 'unsafe-inline' because Blazor and MudBlazor write style attributes and the theme's style element from script. WebSockets to this
    /// origin are covered by 'self' (CSP Level 3).
    /// </summary>
    public static string ContentSecurityPolicy(string nonce) => string.Join("; ",
        "default-src 'self'",
        $"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-src 'none'",
        "frame-ancestors 'none'");

    private static void Apply(IHeaderDictionary headers, string nonce)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce);
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        // The microphone stays open to this origin for the planned dictation feature (issue 13); nothing else is used.
        headers["Permissions-Policy"] = "camera=(), geolocation=(), microphone=(self), payment=(), usb=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }
}
