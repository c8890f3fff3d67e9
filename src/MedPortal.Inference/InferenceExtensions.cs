using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MedPortal.Inference;

/// <summary>Registration of the inference feature.</summary>
public static class InferenceExtensions
{
    /// <summary>
    /// Binds and validates "Inference", registers the model status and health check, and the <see cref="IChatClient"/>
    /// the provider names: the local <see cref="InferenceHost"/> (which loads Inference:ModelPath when set), or an
    /// OpenAI-compatible remote server. With Provider=None nothing is registered and chats run in protocol-only mode.
    /// </summary>
    /// <param name="builder">The host.</param>
    /// <param name="wrapRemote">With Provider=Remote and Inference:RemoteDeidentify on (the default): wraps the remote client,
    /// e.g. with a de-identifier. Required in that case, so a transcript can never leave unscrubbed by omission.</param>
    public static IHostApplicationBuilder AddInference(this IHostApplicationBuilder builder, Func<IServiceProvider, IChatClient, IChatClient>? wrapRemote = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<InferenceOptions>().BindConfiguration("Inference").ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>();
        builder.Services.AddSingleton<ModelStatusMonitor>();
        builder.Services.AddSingleton<InferenceHealthCheck>();
        builder.Services.AddSingleton<ModelFolder>();
        var provider = builder.Configuration.GetValue("Inference:Provider", InferenceProvider.Local);
        switch (provider)
        {
            case InferenceProvider.Local:
                builder.Services.AddSingleton<InferenceHost>();
                // HostOptions.BackgroundServiceExceptionBehavior stays StopHost on purpose: InferenceHost never lets an
                // exception out of ExecuteAsync (every engine failure becomes ModelState.Failed, tested), and switching the
                // whole host to Ignore would also hide a dead PostgresLiveEventListener, whose fault should stop the
                // instance loudly (to be restarted) rather than leave nurses with a queue that silently no longer updates.
                builder.Services.AddHostedService(s => s.GetRequiredService<InferenceHost>());
                builder.Services.AddSingleton<IChatClient>(s => new LlamaChatClient(s.GetRequiredService<InferenceHost>()));
                break;
            case InferenceProvider.Remote:
                builder.Services.AddHttpClient(RemoteClientName, (s, http) =>
                {
                    var o = s.GetRequiredService<IOptions<InferenceOptions>>().Value;
                    http.BaseAddress = new Uri(o.RemoteUrl!.TrimEnd('/') + "/");
                    // The clients enforce Inference:RemoteTimeoutSeconds per wait; a whole streamed reply may take longer.
                    http.Timeout = Timeout.InfiniteTimeSpan;
                    if (!string.IsNullOrEmpty(o.RemoteApiKey))
                    {
                        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", o.RemoteApiKey);
                    }
                });
                builder.Services.AddSingleton(s =>
                {
                    var o = s.GetRequiredService<IOptions<InferenceOptions>>().Value;
                    return new RemoteReadinessProbe(
                        s.GetRequiredService<IHttpClientFactory>().CreateClient(RemoteClientName),
                        TimeSpan.FromSeconds(Math.Min(o.RemoteTimeoutSeconds, 10)),
                        o.RemoteModel,
                        s.GetRequiredService<ModelStatusMonitor>(),
                        s.GetRequiredService<ILogger<RemoteReadinessProbe>>());
                });
                builder.Services.AddHostedService(s => s.GetRequiredService<RemoteReadinessProbe>());
                builder.Services.AddSingleton<IChatClient>(s =>
                {
                    var o = s.GetRequiredService<IOptions<InferenceOptions>>().Value;
                    IChatClient remote = new OpenAiCompatibleChatClient(
                        s.GetRequiredService<IHttpClientFactory>().CreateClient(RemoteClientName),
                        o.RemoteModel,
                        TimeSpan.FromSeconds(o.RemoteTimeoutSeconds));
                    if (!o.RemoteDeidentify)
                    {
                        return remote;
                    }
                    return wrapRemote is null
                        ? throw new InvalidOperationException("Inference:RemoteDeidentify is on but the host registered no de-identifier for the remote client.")
                        : wrapRemote(s, remote);
                });
                break;
        }
        return builder;
    }

    private const string RemoteClientName = "medportal-inference-remote";
}
