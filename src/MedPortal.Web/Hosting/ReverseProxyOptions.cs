using System.Net;
using Microsoft.Extensions.Options;

namespace MedPortal.Web.Hosting;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> headers are believed (section
/// <c>ReverseProxy</c>). Empty lists trust only loopback, so a request straight from the internet cannot claim another
/// client address or pretend to have come over HTTPS.
/// </summary>
internal sealed class ReverseProxyOptions
{
    public const string Section = "ReverseProxy";

    /// <summary>Single proxy addresses, e.g. <c>10.0.0.5</c>.</summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Proxy networks in CIDR form, e.g. <c>172.18.0.0/16</c> for a Docker network.</summary>
    public IList<string> KnownNetworks { get; } = [];

    /// <summary>How many proxies in a row may add to the headers.</summary>
    public int ForwardLimit { get; set; } = 1;
}

internal sealed class ReverseProxyOptionsValidator : IValidateOptions<ReverseProxyOptions>
{
    public ValidateOptionsResult Validate(string? name, ReverseProxyOptions options)
    {
        var failures = new List<string>();
        failures.AddRange(options.KnownProxies.Where(p => !IPAddress.TryParse(p, out _))
            .Select(p => $"ReverseProxy:KnownProxies has '{p}', which is not an IP address (e.g. 10.0.0.5)."));
        failures.AddRange(options.KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _))
            .Select(n => $"ReverseProxy:KnownNetworks has '{n}', which is not a network in CIDR form (e.g. 172.18.0.0/16)."));
        if (options.ForwardLimit is < 1 or > 10)
        {
            failures.Add("ReverseProxy:ForwardLimit must be between 1 and 10.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
