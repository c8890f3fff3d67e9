using System.ComponentModel.DataAnnotations;

namespace MedPortal.Web.Summaries;

/// <summary>Settings of the PDF printer (section <c>Pdf</c>).</summary>
public sealed class SummaryPdfOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Pdf";

    /// <summary>Debian's Chromium, driven headless (never a downloaded browser).</summary>
    [Required]
    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    /// <summary>A4 or Letter.</summary>
    [RegularExpression("^(A4|Letter)$", ErrorMessage = "Pdf:Paper must be A4 or Letter.")]
    public string Paper { get; set; } = "A4";

    /// <summary>How long one PDF may take before the printer is restarted and the request fails with a clear error.</summary>
    [Range(2, 300, ErrorMessage = "Pdf:TimeoutSeconds must be between 2 and 300.")]
    public int TimeoutSeconds { get; set; } = 30;
}
