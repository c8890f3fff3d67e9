using MedPortal.Core.Documents.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace MedPortal.Core.Documents;

/// <summary>Registers documents.</summary>
public static class DocumentExtensions
{
    /// <summary>
    /// Registers the upload and read use cases, the document job queue and its worker pool, and validates the
    /// <see cref="DocumentOptions"/> limits and <see cref="DocumentJobOptions"/> at start.
    /// </summary>
    public static IHostApplicationBuilder AddMedPortalDocuments(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<DocumentOptions>().BindConfiguration(DocumentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<DocumentJobOptions>().BindConfiguration(DocumentJobOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<UploadDocument>();
        builder.Services.AddSingleton<DocumentReader>();
        builder.Services.AddSingleton<DocumentJobQueue>();
        builder.Services.AddSingleton<DocumentJobRunner>();
        builder.Services.AddSingleton<DocumentJobWorkers>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DocumentJobWorkers>());
        return builder;
    }
}
