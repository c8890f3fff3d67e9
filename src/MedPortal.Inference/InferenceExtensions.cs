using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MedPortal.Inference;

/// <summary>Registration of the inference feature.</summary>
public static class InferenceExtensions
{
    /// <summary>
    /// Binds and validates "Inference" options and registers the model status and health check.
    /// The llama.cpp host and the IChatClient implementations are not implemented yet.
    /// </summary>
    public static IHostApplicationBuilder AddInference(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InferenceOptions>().BindConfiguration("Inference").ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<InferenceOptions>, InferenceOptionsValidator>();
        builder.Services.AddSingleton<ModelStatusMonitor>();
        builder.Services.AddSingleton<InferenceHealthCheck>();
        return builder;
    }
}
