namespace MedPortal.Core.Privacy;

/// <summary>What a <see cref="PhiToken"/> is made of.</summary>
internal enum TokenKind
{
    /// <summary>Letters (any script), with inner apostrophes and hyphens.</summary>
    Word,
    /// <summary>Digits, perhaps with one trailing letter (12B).</summary>
    Number,
    /// <summary>Letters and digits mixed (SW1A, U6292878).</summary>
    Alnum,
    /// <summary>One other visible character.</summary>
    Punct,
}

/// <summary>A token of the text, with what separates it from the one before.</summary>
internal readonly record struct PhiToken(int Start, int End, TokenKind Kind, string Text, int NewlinesBefore, bool SpaceBefore)
{
    public string Lower => Text.ToLowerInvariant();

    public bool IsCapitalised => Kind == TokenKind.Word && (char.IsUpper(Text[0]) || Text[0] == '\u2206');

    public bool IsAllCaps => Kind == TokenKind.Word && Text.Length > 1 && Text.All(c => !char.IsLetter(c) || char.IsUpper(c));

    public bool Is(char c) => Kind == TokenKind.Punct && Text[0] == c;

    /// <summary>Splits text into tokens (whitespace is not a token, it is recorded on the token after it).</summary>
    public static List<PhiToken> Split(string text)
    {
        var tokens = new List<PhiToken>(text.Length / 4);
        var newlines = 0;
        var space = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (c == '\n')
                {
                    newlines++;
                }

                space = true;
                i++;
                continue;
            }

            var start = i;
            TokenKind kind;
            if (char.IsLetterOrDigit(c) || IsLetterLike(c))
            {
                var letters = false;
                var digits = false;
                while (i < text.Length)
                {
                    var d = text[i];
                    if (char.IsLetter(d) || IsLetterLike(d) || char.GetUnicodeCategory(d) is System.Globalization.UnicodeCategory.NonSpacingMark)
                    {
                        letters = true;
                        i++;
                    }
                    else if (char.IsDigit(d))
                    {
                        digits = true;
                        i++;
                    }
                    else if (d is '\'' or '’' or '-' && i + 1 < text.Length && char.IsLetter(text[i + 1]) && letters && !digits)
                    {
                        i++;
                    }
                    else
                    {
                        break;
                    }
                }

                kind = letters && digits
                    ? (char.IsDigit(text[start]) && i - start >= 2 && char.IsLetter(text[i - 1]) && char.IsDigit(text[i - 2]) && AllDigits(text, start, i - 1) ? TokenKind.Number : TokenKind.Alnum)
                    : letters ? TokenKind.Word : TokenKind.Number;
            }
            else
            {
                kind = TokenKind.Punct;
                i++;
            }

            tokens.Add(new PhiToken(start, i, kind, text[start..i], newlines, space || start == 0));
            newlines = 0;
            space = false;
        }

        return tokens;
    }

    /// <summary>The increment sign stands for a Greek capital delta in some encodings (ΑΓΙΟΣ ∆ΟΜΕΤΙΟΣ).</summary>
    private static bool IsLetterLike(char c) => c == '\u2206';

    private static bool AllDigits(string text, int start, int end)
    {
        for (var k = start; k < end; k++)
        {
            if (!char.IsDigit(text[k]))
            {
                return false;
            }
        }

        return true;
    }
}
