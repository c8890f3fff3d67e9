using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace MedPortal.Tests.Infrastructure;

/// <summary>
/// The in-memory server has no client address: this test header stands in for the TCP peer, set before the app's
/// own pipeline (forwarded headers, rate limits) runs.
/// </summary>
public sealed class PeerAddressFromTestHeader : IStartupFilter
{
    public const string Header = "X-Test-Peer";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (context.Request.Headers[Header] is [{ } peer])
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
            }
            return nextMiddleware(context);
        });
        next(app);
    };
}
