namespace MedPortal.Core.Documents;

/// <summary>The file types MedPortal accepts, as recognised from their bytes (never from the name).</summary>
public enum DocumentKind
{
    /// <summary>A PDF document.</summary>
    Pdf,

    /// <summary>A Word document (Office Open XML, a zip package).</summary>
    Docx,

    /// <summary>A PNG image.</summary>
    Png,

    /// <summary>A JPEG image.</summary>
    Jpeg,

    /// <summary>A TIFF image (scanners' usual output).</summary>
    Tiff,

    /// <summary>A WAV recording.</summary>
    Wav,

    /// <summary>An MP3 recording.</summary>
    Mp3,

    /// <summary>An Ogg recording.</summary>
    Ogg,

    /// <summary>A WebM recording (what browsers' MediaRecorder makes).</summary>
    WebM,
}

/// <summary>What can be done with each kind.</summary>
public static class DocumentKinds
{
    /// <summary>True for scans and photos.</summary>
    public static bool IsImage(this DocumentKind kind) => kind is DocumentKind.Png or DocumentKind.Jpeg or DocumentKind.Tiff;

    /// <summary>True for sound recordings.</summary>
    public static bool IsAudio(this DocumentKind kind) => kind is DocumentKind.Wav or DocumentKind.Mp3 or DocumentKind.Ogg or DocumentKind.WebM;

    /// <summary>A name for people, e.g. <c>PDF</c> or <c>Word document</c>.</summary>
    public static string Describe(this DocumentKind kind) => kind switch
    {
        DocumentKind.Pdf => "PDF",
        DocumentKind.Docx => "Word document",
        DocumentKind.Png => "PNG image",
        DocumentKind.Jpeg => "JPEG image",
        DocumentKind.Tiff => "TIFF scan",
        DocumentKind.Wav => "WAV recording",
        DocumentKind.Mp3 => "MP3 recording",
        DocumentKind.Ogg => "Ogg recording",
        DocumentKind.WebM => "WebM recording",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The file-picker filter for every accepted kind (a hint for the picker only; the bytes decide).</summary>
    public const string PickerFilter = ".pdf,.docx,.png,.jpg,.jpeg,.tif,.tiff,.wav,.mp3,.ogg,.oga,.opus,.webm";

    /// <summary>The accepted kinds in words, for error messages.</summary>
    public const string AcceptedList = "PDF, Word (DOCX), PNG, JPEG, TIFF, WAV, MP3, OGG or WebM";
}
