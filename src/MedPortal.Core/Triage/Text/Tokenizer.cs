using System.Text;

namespace MedPortal.Core.Triage.Text;

/// <summary>A lower-cased word with its place in the source text.</summary>
/// <param name="Text">Lower-case invariant text with apostrophes removed ("can't" → "cant") and British spellings folded ("oedema" → "edema").</param>
/// <param name="Start">Offset of the first character in the source.</param>
/// <param name="End">Offset just past the last character in the source.</param>
/// <param name="Sentence">Sentence number: context never crosses a sentence boundary (. ! ? ; or a line break).</param>
internal readonly record struct Token(string Text, int Start, int End, int Sentence);

/// <summary>Splits (normalised, see <see cref="TextNormalizer"/>) text into words. Culture-independent, allocation-light, never throws.</summary>
internal static class Tokenizer
{
    public static Token[] Tokenize(string text)
    {
        var tokens = new List<Token>(Math.Min(text.Length / 4 + 4, 8192));
        var sb = new StringBuilder(32);
        var sentence = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '+' && i + 1 < text.Length && char.IsLetter(text[i + 1]) && (i == 0 || !char.IsLetterOrDigit(text[i - 1])))
            {
                // "+smoker", "+DM": the clinical mark of a positive finding. It becomes the word "plus", a context
                // terminator, so a negation before it ("No past history, +smoker") does not reach the finding.
                tokens.Add(new Token("plus", i, i + 1, sentence));
                i++;
                continue;
            }

            if (!char.IsLetterOrDigit(c))
            {
                if (c is '.' or '!' or '?' or ';' or '\n' or '\r' or '•')
                {
                    sentence++;
                }

                i++;
                continue;
            }

            var start = i;
            sb.Clear();
            while (i < text.Length)
            {
                c = text[i];
                if (char.IsLetterOrDigit(c))
                {
                    sb.Append(char.ToLowerInvariant(c));
                    i++;
                }
                else if (IsApostrophe(c) && i + 1 < text.Length && char.IsLetter(text[i + 1]) && sb.Length > 0)
                {
                    // "can't" and "don’t" become "cant" and "dont" so patterns need one spelling.
                    i++;
                }
                else if (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]) && char.IsAsciiDigit(text[i - 1]))
                {
                    sb.Append('.');
                    i++;
                }
                else
                {
                    break;
                }
            }

            tokens.Add(new Token(TextNormalizer.FoldSpelling(sb.ToString()), start, i, sentence));
        }

        return [.. tokens];
    }

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u2018' or '`';
}
