using System.Text;

namespace MedPortal.Core.Data;

/// <summary>
/// Text as PostgreSQL can hold it. A browser can send any UTF-16, but a text column takes neither NUL nor an unpaired
/// surrogate (Npgsql's strict UTF-8 encoder throws, and the save fails): NUL is dropped and an unpaired surrogate becomes
/// U+FFFD. Everything else is kept exactly as typed.
/// </summary>
public static class StorableText
{
    /// <summary>The text unchanged when it can be stored, otherwise with NUL removed and unpaired surrogates replaced.</summary>
    public static string Clean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsStorable(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return builder.ToString();
    }

    /// <summary>True when <paramref name="text"/> has no NUL and no unpaired surrogate.</summary>
    public static bool IsStorable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0' || char.IsLowSurrogate(c))
            {
                return false;
            }
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }
                i++;
            }
        }
        return true;
    }
}
