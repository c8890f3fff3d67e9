namespace MedPortal.Core.Consultations.Chat;

/// <summary>Limits on what a patient can send, shared by the UI and the server-side checks.</summary>
public static class ChatLimits
{
    /// <summary>The longest patient message accepted.</summary>
    public const int MaxMessageLength = 4000;

    /// <summary>The most messages one consultation keeps; past it the patient is asked to submit.</summary>
    public const int MaxMessagesPerConsultation = 400;

    /// <summary>
    /// Model output without control characters other than line breaks and tabs. A model can emit any byte, and NUL
    /// cannot even be stored in PostgreSQL text: such a character would fail the save and lose the reply.
    /// </summary>
    public static string Printable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(IsDropped))
        {
            return text;
        }
        return string.Concat(text.Where(c => !IsDropped(c)));
    }

    private static bool IsDropped(char c) => char.IsControl(c) && c is not ('\n' or '\r' or '\t');
}

/// <summary>A patient message that cannot be accepted, with a message for the patient.</summary>
public sealed class ChatInputException(string message) : Exception(message);
