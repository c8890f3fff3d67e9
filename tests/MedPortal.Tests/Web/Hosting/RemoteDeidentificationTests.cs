using MedPortal.Core.Privacy;
using MedPortal.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace MedPortal.Tests.Web.Hosting;

/// <summary>The portal's own wiring: with a remote inference server and no setting, the transcript leaves de-identified.</summary>
public sealed class RemoteDeidentificationTests
{
    [Fact]
    public async Task Start_RemoteProviderDefaultSettings_ChatClientIsTheDeidentifier()
    {
        await using var app = await MedPortalApp.CreateAsync(new Dictionary<string, string?>
        {
            ["Inference:Provider"] = "Remote",
            ["Inference:RemoteUrl"] = "https://gpu-box.example:8443/",
            ["Inference:RemoteModel"] = "m",
        });

        // The chain (telemetry outside) must hold the de-identifier between the portal and the remote client.
        Assert.NotNull(app.Services.GetRequiredService<IChatClient>().GetService<DeidentifyingChatClient>());
    }
}
