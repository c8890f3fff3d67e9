using System.ComponentModel.DataAnnotations;

namespace MedPortal.Core.Notifications;

/// <summary>How TLS is used on the SMTP connection.</summary>
public enum SmtpSecurity
{
    /// <summary>STARTTLS when the server offers it (the default for port 587).</summary>
    StartTlsWhenAvailable,

    /// <summary>STARTTLS, refusing a server that does not offer it.</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,

    /// <summary>Plain SMTP: only for a relay on the same machine or a test server.</summary>
    None,
}

/// <summary>The SMTP relay MedPortal sends account and care-team emails through (section <c>Email</c>).</summary>
public sealed class EmailOptions
{
    /// <summary>Section name in configuration.</summary>
    public const string Section = "Email";

    /// <summary>When false (the default), emails are still queued in the database but nothing is sent until a relay is configured.</summary>
    public bool Enabled { get; set; }

    /// <summary>SMTP host name or address.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>SMTP port.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>TLS mode.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTlsWhenAvailable;

    /// <summary>Account name for SMTP authentication; empty for none.</summary>
    public string? UserName { get; set; }

    /// <summary>Password for SMTP authentication (from the environment or a secret store, never committed).</summary>
    public string? Password { get; set; }

    /// <summary>Sender address, e.g. <c>MedPortal &lt;no-reply@clinic.example&gt;</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string From { get; set; } = "MedPortal <no-reply@medportal.invalid>";

    /// <summary>Public base address of the portal, used for the links in emails (e.g. <c>https://portal.clinic.example</c>).</summary>
    [Required(AllowEmptyStrings = false)]
    [Url]
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Attempts before a message is given up and marked failed for an administrator to see.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Seconds to wait per SMTP operation.</summary>
    [Range(1, 600)]
    public int TimeoutSeconds { get; set; } = 30;
}
