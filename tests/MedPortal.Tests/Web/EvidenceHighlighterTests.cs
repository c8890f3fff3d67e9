using MedPortal.Core.Consultations.TextMining;
using MedPortal.Web.Triage;

namespace MedPortal.Tests.Web;

public sealed class EvidenceHighlighterTests
{
    private static FiredRuleRecord Rule(string description, params EvidenceRecord[] evidence) => new("r." + description, description, 1, "test", evidence);

    [Fact]
    public void Runs_OneSpan_MarksExactlyTheEvidenceAndKeepsAllText()
    {
        const string text = "I have crushing chest pain now";

        var runs = EvidenceHighlighter.Runs(text, 0, [Rule("chest pain", new EvidenceRecord(0, 7, 19, "crushing chest pain"))]);

        Assert.Equal(text, string.Concat(runs.Select(r => r.Text)));
        var marked = Assert.Single(runs, r => r.IsEvidence);
        Assert.Equal("crushing chest pain", marked.Text);
        Assert.Equal(["chest pain"], marked.Rules);
    }

    [Fact]
    public void Runs_OverlappingSpansOfTwoRules_MergedWithBothRulesOnTheOverlap()
    {
        const string text = "fever and stiff neck";
        FiredRuleRecord[] rules =
        [
            Rule("meningitis", new EvidenceRecord(0, 0, 5, "fever"), new EvidenceRecord(0, 10, 10, "stiff neck")),
            Rule("neck", new EvidenceRecord(0, 16, 4, "neck")),
        ];

        var runs = EvidenceHighlighter.Runs(text, 0, rules);

        Assert.Equal(text, string.Concat(runs.Select(r => r.Text)));
        Assert.Equal(["fever", " and ", "stiff ", "neck"], runs.Select(r => r.Text));
        Assert.Equal(["meningitis", "neck"], runs[3].Rules);
    }

    [Fact]
    public void Runs_EvidenceOfAnotherMessageOrOutOfRange_IgnoredOrClipped()
    {
        const string text = "short";

        var runs = EvidenceHighlighter.Runs(text, 1, [Rule("a", new EvidenceRecord(0, 0, 5, "other")), Rule("b", new EvidenceRecord(1, 3, 50, "rt..."))]);

        Assert.Equal(["sho", "rt"], runs.Select(r => r.Text));
        Assert.False(runs[0].IsEvidence);
        Assert.True(runs[1].IsEvidence);
    }

    [Fact]
    public void Runs_EmptyText_NoRuns()
    {
        Assert.Empty(EvidenceHighlighter.Runs("", 0, [Rule("a", new EvidenceRecord(0, 0, 3, "abc"))]));
    }
}
