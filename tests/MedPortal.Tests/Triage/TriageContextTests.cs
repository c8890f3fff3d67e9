using MedPortal.Core.Triage;

namespace MedPortal.Tests.Triage;

public sealed class TriageContextTests
{
    private static readonly TriageEngine Engine = TriageEngine.CreateDefault();

    private static FindingStatus StatusOf(TriageResult result, string conceptId) =>
        result.Case.Findings.First(f => f.ConceptId == conceptId).Status;

    private static bool Fired(TriageResult result, string ruleId) => result.FiredRules.Any(r => r.RuleId == ruleId);

    [Theory]
    [InlineData("Denies chest pain. Has a mild cough.", "chest_pain")]
    [InlineData("No fever, just a runny nose.", "fever")]
    [InlineData("Headache without neck stiffness.", "neck_stiffness")]
    [InlineData("He is not having chest pain today.", "chest_pain")]
    [InlineData("Negative for shortness of breath.", "dyspnea")]
    [InlineData("I haven't had any vomiting.", "vomiting")]
    public void Assess_NegatedFinding_IsNegatedAndFiresNothing(string text, string conceptId)
    {
        var result = Engine.Assess(text);

        Assert.Equal(FindingStatus.Negated, StatusOf(result, conceptId));
        Assert.DoesNotContain(result.Case.Findings, f => f.ConceptId == conceptId && f.Status == FindingStatus.Present);
    }

    [Fact]
    public void Assess_NegationEndsAtBut_LaterFindingStillFires()
    {
        var result = Engine.Assess("no fever but has chest pain");

        Assert.Equal(FindingStatus.Negated, StatusOf(result, "fever"));
        Assert.Equal(FindingStatus.Present, StatusOf(result, "chest_pain"));
        Assert.True(Fired(result, "RF-CARD-002"));
    }

    [Fact]
    public void Assess_NegationEndsAtSentence_NextSentenceFires()
    {
        var result = Engine.Assess("Denies fever. Crushing chest pain with sweating.");

        Assert.Equal(Acuity.Emergency, result.Acuity);
    }

    [Theory]
    [InlineData("History of asthma, here with a mild sore throat.", "asthma")]
    [InlineData("Past medical history of stroke. Now has a mild cold.", "stroke")]
    [InlineData("She had a seizure as a child.", "seizure")]
    [InlineData("I had chest pain years ago, today I have a runny nose.", "chest_pain")]
    public void Assess_HistoricalFinding_IsHistoricalAndFiresNoRedFlag(string text, string conceptId)
    {
        var result = Engine.Assess(text);

        Assert.Equal(FindingStatus.Historical, StatusOf(result, conceptId));
        Assert.True(result.Acuity > Acuity.EmergencyDepartment, string.Join(", ", result.FiredRules.Select(r => r.RuleId)));
    }

    [Fact]
    public void Assess_DurationHistory_IsCurrentNotHistorical()
    {
        var result = Engine.Assess("A 60-year-old man with a 2-hour history of chest pain and sweating.");

        Assert.Equal(FindingStatus.Present, StatusOf(result, "chest_pain"));
        Assert.Equal(Acuity.Emergency, result.Acuity);
    }

    [Theory]
    [InlineData("My mother had a stroke. I have a runny nose.", "stroke")]
    [InlineData("Family history of heart attack; I have a mild cough.", "chest_pain")]
    [InlineData("His father died of a heart attack at 50. He has a sore throat.", "chest_pain")]
    public void Assess_OtherPersonFinding_IsOtherPersonAndFiresNoRedFlag(string text, string conceptId)
    {
        var result = Engine.Assess(text);

        Assert.Equal(FindingStatus.OtherPerson, StatusOf(result, conceptId));
        Assert.True(result.Acuity > Acuity.EmergencyDepartment, string.Join(", ", result.FiredRules.Select(r => r.RuleId)));
    }

    [Theory]
    [InlineData("I have a mild sore throat. If I get chest pain should I go to hospital?", "chest_pain")]
    [InlineData("Runny nose. In case I get a fever, what should I take?", "fever")]
    [InlineData("I'm worried about a stroke; I have a mild cold.", "stroke")]
    public void Assess_HypotheticalFinding_IsHypotheticalAndFiresNoRedFlag(string text, string conceptId)
    {
        var result = Engine.Assess(text);

        Assert.Equal(FindingStatus.Hypothetical, StatusOf(result, conceptId));
        Assert.True(result.Acuity > Acuity.EmergencyDepartment, string.Join(", ", result.FiredRules.Select(r => r.RuleId)));
    }

    [Fact]
    public void Assess_PhraseContainingNegationWord_StaysPresent()
    {
        var result = Engine.Assess("My baby is not breathing");

        Assert.Equal(Acuity.Emergency, result.Acuity);
    }

    [Fact]
    public void Assess_Evidence_IsExactSubstringOfTheMessage()
    {
        const string text = "A 45-year-old woman, temp 38.9 C, HR 124, with neck stiffness and a Headache.";
        var result = Engine.Assess(text);

        Assert.NotEmpty(result.Case.Findings);
        foreach (var f in result.Case.Findings)
        {
            Assert.Equal(text.Substring(f.Evidence.Start, f.Evidence.Length), f.Evidence.Text);
        }

        foreach (var rule in result.FiredRules)
        {
            Assert.NotEmpty(rule.Evidence);
            foreach (var e in rule.Evidence)
            {
                Assert.Equal(text.Substring(e.Start, e.Length), e.Text);
            }
        }
    }

    [Fact]
    public void Assess_Messages_EvidenceCarriesMessageIndex()
    {
        var result = Engine.Assess(["hi, I need advice", "I have crushing chest pain and I'm sweating"]);

        Assert.Equal(Acuity.Emergency, result.Acuity);
        var chest = result.Case.Findings.First(f => f.ConceptId == "chest_pain");
        Assert.Equal(1, chest.Evidence.MessageIndex);
    }

    [Fact]
    public void Assess_NegationInOneMessage_DoesNotReachTheNext()
    {
        var result = Engine.Assess(["No", "chest pain and sweating"]);

        Assert.Equal(Acuity.Emergency, result.Acuity);
    }
}
