using MedPortal.Core.Triage;
using MedPortal.Core.Triage.Knowledge;

namespace MedPortal.Tests.Triage;

public sealed class TriageKnowledgeTests
{
    [Fact]
    public void LoadEmbedded_AllFiles_LoadWithVersionsAndCitations()
    {
        var knowledge = KnowledgeBase.LoadEmbedded();

        Assert.Equal(7, KnowledgeBase.ResourceNames(typeof(KnowledgeBase).Assembly).Count);
        Assert.All(knowledge.Rules, r => Assert.False(string.IsNullOrWhiteSpace(r.Source), r.Id));
        Assert.All(knowledge.SelfCareRules, r => Assert.False(string.IsNullOrWhiteSpace(r.Source), r.Id));
        Assert.All(knowledge.VitalRules, r => Assert.False(string.IsNullOrWhiteSpace(r.Source), r.Id));
        Assert.Contains("red-flags-", knowledge.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadEmbedded_EveryConceptExceptModifiers_IsUsedByARuleOrSelfCareRule()
    {
        var knowledge = KnowledgeBase.LoadEmbedded();
        var used = knowledge.Rules.SelectMany(r => r.When.SelectMany(g => g))
            .Concat(knowledge.SelfCareRules.SelectMany(r => r.Allowed.Concat(r.Blockers)))
            .ToHashSet(StringComparer.Ordinal);

        var unused = knowledge.Concepts.Where(c => !c.IsNeutral && c.Kind != "condition" && c.Kind != "medication" && !used.Contains(c.Id)).Select(c => c.Id).ToList();

        // Unused concepts still matter (they stop self-care), but each should be a deliberate choice.
        Assert.True(unused.Count <= 12, "unused concepts: " + string.Join(", ", unused));
    }

    [Fact]
    public void Load_DuplicateConceptId_ThrowsNamingTheFile()
    {
        const string json = """{"version":"t-1","concepts":[{"id":"a","kind":"symptom","phrases":["a"]},{"id":"a","kind":"symptom","phrases":["b"]}]}""";

        var ex = Assert.Throws<InvalidDataException>(() => KnowledgeBase.Load([("bad.json", json)]));

        Assert.Contains("bad.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("duplicate concept id 'a'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"version":"t-1","rules":[{"id":"R","description":"d","acuity":2,"source":"s","when":["nope"]}]}""", "unknown concept 'nope'")]
    [InlineData("""{"version":"t-1","concepts":[{"id":"a","kind":"symptom","phrases":["a"]}],"rules":[{"id":"R","description":"d","acuity":2,"when":["a"]}]}""", "missing source")]
    [InlineData("""{"version":"t-1","concepts":[{"id":"a","kind":"symptom","phrases":["a"]}],"rules":[{"id":"R","description":"d","acuity":5,"source":"s","when":["a"]}]}""", "selfCareRules")]
    [InlineData("""{"version":"t-1","concepts":[{"id":"a","kind":"symptom","phrases":["a"]}],"rules":[{"id":"R","description":"d","acuity":2,"source":"s","when":["a"],"pregnant":false}]}""", "may only require facts to be present")]
    [InlineData("""{"version":"t-1","concepts":[{"id":"a","kind":"symptom","phrases":["(a b"]}]}""", "concept 'a'")]
    [InlineData("""{"concepts":[]}""", "missing \"version\"")]
    [InlineData("""{"version":"t-1","unknownKey":1}""", "invalid JSON")]
    public void Load_InvalidKnowledge_ThrowsWithReason(string json, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => KnowledgeBase.Load([("x.json", json)]));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CustomKnowledge_DrivesTheEngine()
    {
        const string json = """
            {"version":"t-1",
             "concepts":[{"id":"zap","kind":"symptom","phrases":["zapped (by|with) (a|the)? ray"]}],
             "rules":[{"id":"T-1","description":"Zapped.","acuity":1,"source":"test","when":["zap"]}]}
            """;
        var context = File.ReadAllText(Path.Combine(TriageTestData.RepoRoot, "src", "MedPortal.Core", "Triage", "Knowledge", "context.json"));
        var engine = new TriageEngine(KnowledgeBase.Load([("t.json", json), ("context.json", context)]));

        Assert.Equal(Acuity.Emergency, engine.Assess("I was zapped by a ray").Acuity);
        Assert.Equal(Acuity.Routine, engine.Assess("I was not zapped by a ray").Acuity);
    }
}
