namespace MedPortal.Core.Consultations;

/// <summary>Limits on what a patient can send, shared by the UI and the server-side checks.</summary>
public static class ChatLimits
{
    /// <summary>The longest patient message accepted.</summary>
    public const int MaxMessageLength = 4000;

    /// <summary>The most messages one consultation keeps; past it the patient is asked to submit.</summary>
    public const int MaxMessagesPerConsultation = 400;
}

/// <summary>A patient message that cannot be accepted, with a message for the patient.</summary>
public sealed class ChatInputException(string message) : Exception(message);
