using MedPortal.Core.Data;
using Microsoft.Extensions.Options;

namespace MedPortal.Web.Hosting;

/// <summary>Turns a configuration failure at start-up into one line that says what to fix, instead of a stack trace.</summary>
public static class StartupProblem
{
    /// <summary>The operator-facing text for a known configuration failure, or null for anything else (which propagates).</summary>
    /// <param name="error">What the start-up threw.</param>
    public static string? Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            MedPortalConfigurationException configuration => "MedPortal cannot start: " + configuration.Message,
            OptionsValidationException validation =>
                "MedPortal cannot start: " + string.Join(" ", validation.Failures) +
                " Change it in appsettings.json, or in the environment with __ for each colon (e.g. SignIn__MaxFailedAttempts=5).",
            AggregateException { InnerExceptions.Count: 1 } aggregate => Describe(aggregate.InnerExceptions[0]),
            _ => null,
        };
    }
}
