namespace MedPortal.Core.Data;

/// <summary>
/// A setting is missing or wrong, or a service it names cannot be reached. The message says what to fix and never
/// contains a secret; the host prints it instead of a stack trace.
/// </summary>
public sealed class MedPortalConfigurationException : InvalidOperationException
{
    /// <summary>Creates the exception with an operator-facing message.</summary>
    public MedPortalConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with an operator-facing message and the underlying cause.</summary>
    public MedPortalConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public MedPortalConfigurationException()
        : base("MedPortal is not configured correctly.")
    {
    }
}
