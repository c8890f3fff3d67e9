namespace MedPortal.Core.Privacy;

/// <summary>The spans found so far in one text; a later, weaker rule cannot claim characters an earlier one holds.</summary>
internal sealed class PhiClaims(string text)
{
    private readonly bool[] taken = new bool[text.Length];
    private readonly List<PhiSpan> spans = [];

    public string Text { get; } = text;

    public IEnumerable<PhiSpan> Spans => spans;

    public bool IsFree(int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (taken[i])
            {
                return false;
            }
        }

        return true;
    }

    public bool IsTaken(int index) => taken[index];

    /// <summary>Claims [start, end) when none of it is claimed; trims surrounding whitespace first.</summary>
    public bool TryAdd(int start, int end, PhiType type)
    {
        while (start < end && char.IsWhiteSpace(Text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(Text[end - 1]))
        {
            end--;
        }

        if (end <= start || !IsFree(start, end))
        {
            return false;
        }

        Array.Fill(taken, true, start, end - start);
        spans.Add(new PhiSpan(start, end - start, type));
        return true;
    }
}
