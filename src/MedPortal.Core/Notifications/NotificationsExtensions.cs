using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MedPortal.Core.Notifications;

/// <summary>Registers the email outbox, its SMTP sender and the dispatcher.</summary>
public static class NotificationsExtensions
{
    /// <summary>Adds email notifications (configuration section <c>Email</c>).</summary>
    public static IHostApplicationBuilder AddMedPortalNotifications(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<EmailOutbox>();
        builder.Services.AddSingleton<SmtpMailSender>();
        builder.Services.AddSingleton<EmailDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EmailDispatcher>());
        return builder;
    }
}
