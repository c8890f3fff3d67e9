namespace MedPortal.Core.Privacy;

/// <summary>One identifier found in the original text.</summary>
/// <param name="Start">Offset of its first character in the original text.</param>
/// <param name="Length">Its length in characters.</param>
/// <param name="Type">What kind of identifier it is.</param>
public readonly record struct PhiSpan(int Start, int Length, PhiType Type)
{
    /// <summary>Offset just past its last character.</summary>
    public int End => Start + Length;
}

/// <summary>The result of <see cref="PhiScrubber.Scrub"/>.</summary>
/// <param name="Text">The text with each identifier replaced by its typed placeholder.</param>
/// <param name="Spans">The identifiers in the original text, in order, not overlapping.</param>
public sealed record ScrubbedText(string Text, IReadOnlyList<PhiSpan> Spans);
