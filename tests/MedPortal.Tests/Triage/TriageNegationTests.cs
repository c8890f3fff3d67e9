using MedPortal.Core.Triage;

namespace MedPortal.Tests.Triage;

public sealed class TriageNegationTests
{
    private static readonly TriageEngine Engine = TriageEngine.CreateDefault();

    private static FindingStatus StatusOf(TriageResult result, string conceptId) =>
        result.Case.Findings.First(f => f.ConceptId == conceptId).Status;

    private static bool AnyPresent(TriageResult result, string conceptId) =>
        result.Case.Findings.Any(f => f.ConceptId == conceptId && f.Status == FindingStatus.Present);

    [Fact]
    public void Assess_HeadacheWithLayNegationsAndPenicillinAllergy_NoAnaphylaxisHeadInjuryOrVomiting()
    {
        var result = Engine.Assess("I have a headache on the right side since this morning. I didn't throw up. I didn't hit my head. I'm allergic to penicillin. The pain is 6 out of 10, really bad.");

        Assert.False(AnyPresent(result, "vomiting"));
        Assert.False(AnyPresent(result, "head_injury"));
        Assert.False(AnyPresent(result, "allergen_exposure"));
        Assert.False(AnyPresent(result, "anaphylaxis_signs"));
        Assert.DoesNotContain(result.FiredRules, r => r.RuleId.Contains("ANAPH", StringComparison.Ordinal) || r.RuleId.StartsWith("C-HEAD", StringComparison.Ordinal) || r.RuleId.Contains("TRAUMA", StringComparison.Ordinal));
        Assert.True(AnyPresent(result, "headache"));
    }

    [Theory]
    [InlineData("I didn't throw up.", "vomiting")]
    [InlineData("I did not vomit.", "vomiting")]
    [InlineData("I didn't hit my head.", "head_injury")]
    [InlineData("I haven't had any fever.", "fever")]
    [InlineData("I have not been vomiting.", "vomiting")]
    [InlineData("There is not any pain in my chest.", "chest_pain")]
    [InlineData("No fever at all.", "fever")]
    [InlineData("Nil abdominal pain.", "abdominal_pain")]
    [InlineData("Chest pain is unremarkable today.", "chest_pain")]
    public void Assess_LayNegation_IsNegated(string text, string conceptId) =>
        Assert.Equal(FindingStatus.Negated, StatusOf(Engine.Assess(text), conceptId));

    [Theory]
    [InlineData("No fever, no neck stiffness, no rash, no vomiting.", new[] { "fever", "neck_stiffness", "rash", "vomiting" })]
    [InlineData("Denies fever, chills or night sweats.", new[] { "fever", "chills", "night_sweats" })]
    [InlineData("Negative for chest pain, shortness of breath and palpitations.", new[] { "chest_pain", "dyspnea", "palpitations" })]
    [InlineData("Sore throat without fever or rash.", new[] { "fever", "rash" })]
    public void Assess_NegatedList_EveryItemNegated(string text, string[] conceptIds)
    {
        var result = Engine.Assess(text);

        foreach (var id in conceptIds)
        {
            Assert.Equal(FindingStatus.Negated, StatusOf(result, id));
        }
    }

    [Theory]
    [InlineData("No fever, however she has a rash.", "rash")]
    [InlineData("No fever and has a stiff neck.", "neck_stiffness")]
    [InlineData("Denies chest pain but has crushing chest pain now.", "chest_pain")]
    public void Assess_TerminatorAfterNegatedList_LaterFindingPresent(string text, string conceptId) =>
        Assert.True(AnyPresent(Engine.Assess(text), conceptId));

    [Theory]
    [InlineData("My face isn't swollen.", "My face is swollen.", "preeclampsia_features")]
    [InlineData("Her hands are not puffy.", "Her hands are puffy.", "preeclampsia_features")]
    [InlineData("My lips haven't swollen up.", "My lips have swollen up.", "anaphylaxis_signs")]
    public void Assess_NegationInsideAPhraseGap_IsNotPresent(string negated, string affirmed, string conceptId)
    {
        Assert.True(AnyPresent(Engine.Assess(affirmed), conceptId), "the affirmed sentence must match, else the test proves nothing");
        Assert.False(AnyPresent(Engine.Assess(negated), conceptId));
    }

    [Theory]
    [InlineData("I'm allergic to penicillin. I have a cough.")]
    [InlineData("Allergic to sulfa. Runny nose for two days.")]
    [InlineData("Allergies: penicillin (rash). Mild sore throat.")]
    [InlineData("Known penicillin allergy, sore throat for a day.")]
    public void Assess_AllergyStatement_IsHistoryNotExposure(string text)
    {
        var result = Engine.Assess(text);

        Assert.False(AnyPresent(result, "allergen_exposure"));
        Assert.False(AnyPresent(result, "rash"));
        Assert.True(result.Acuity > Acuity.EmergencyDepartment, string.Join(", ", result.FiredRules.Select(r => r.RuleId)));
    }

    [Theory]
    [InlineData("I ate peanuts and my throat is swelling, I'm allergic to nuts.")]
    [InlineData("I'm allergic to nuts, my lips are swelling and I can't breathe.")]
    [InlineData("I'm allergic to penicillin and took amoxicillin an hour ago, now hives and wheezing.")]
    public void Assess_AllergyWithAcuteSigns_StillEmergency(string text) =>
        Assert.Equal(Acuity.Emergency, Engine.Assess(text).Acuity);

    [Theory]
    [InlineData("Should I worry about a stroke?", "stroke")]
    [InlineData("Could this be a heart attack?", "chest_pain")]
    public void Assess_QuestionAboutADiagnosis_IsHypothetical(string text, string conceptId)
    {
        var result = Engine.Assess(text);

        var findings = result.Case.Findings.Where(f => f.ConceptId == conceptId).ToList();
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal(FindingStatus.Hypothetical, f.Status));
    }

    [Theory]
    [InlineData("Could this be a heart attack? I have crushing chest pain.")]
    [InlineData("Could this be a heart attack, I have crushing chest pain.")]
    [InlineData("I'm worried about my chest pain, it is crushing.")]
    public void Assess_QuestionWithAStatedFinding_FindingStaysPresent(string text) =>
        Assert.True(AnyPresent(Engine.Assess(text), "chest_pain"));
}
