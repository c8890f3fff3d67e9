using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace MedPortal.Core.Documents;

/// <summary>Registers documents.</summary>
public static class DocumentExtensions
{
    /// <summary>Registers the upload and read use cases and validates the <see cref="DocumentOptions"/> limits at start.</summary>
    public static IHostApplicationBuilder AddMedPortalDocuments(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<DocumentOptions>().BindConfiguration(DocumentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<UploadDocument>();
        builder.Services.AddSingleton<DocumentReader>();
        return builder;
    }
}
