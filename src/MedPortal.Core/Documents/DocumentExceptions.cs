namespace MedPortal.Core.Documents;

/// <summary>An upload was refused (wrong type, too large, not allowed, already there); nothing was stored. The message is for the user.</summary>
public sealed class DocumentRejectedException(string message) : Exception(message);

/// <summary>A file of an accepted type could not be read; it goes to quarantine. The message is for the user and the administrator.</summary>
public sealed class DocumentUnreadableException(string message, Exception? inner = null) : Exception(message, inner);
