using MedPortal.Core.Triage;
using MedPortal.Core.Triage.Text;

namespace MedPortal.Tests.Triage;

public sealed class TriageTextNormalizationTests
{
    private static readonly TriageEngine Engine = TriageEngine.CreateDefault();

    private static Finding? Present(TriageResult result, string conceptId) =>
        result.Case.Findings.FirstOrDefault(f => f.ConceptId == conceptId && f.Status == FindingStatus.Present);

    [Theory]
    [InlineData("crushing chest\u00ADpain and sweating")]
    [InlineData("crushing che\u200Bst pain and sweating")]
    [InlineData("crushing ch\u200Dest pain and swea\u2060ting\uFEFF")]
    [InlineData("crushing \u0441hest pain and sw\u0435ating")]
    [InlineData("crushing\u00A0chest\u2009pain and sweating")]
    [InlineData("ｃｒｕｓｈｉｎｇ chest pain and sweating")]
    public void Assess_InvisibleOrLookAlikeCharacters_ReadAsPlainText(string text)
    {
        var result = Engine.Assess(text);

        var chest = Present(result, "chest_pain");
        Assert.NotNull(chest);
        Assert.Equal(text.Substring(chest.Evidence.Start, chest.Evidence.Length), chest.Evidence.Text);
        Assert.Equal(Engine.Assess("crushing chest pain and sweating").Acuity, result.Acuity);
    }

    [Theory]
    [InlineData("T 97\u02DAF, I feel unwell", 36.11)]
    [InlineData("temp 39.2 °C", 39.2)]
    [InlineData("temp 39.2℃", 39.2)]
    [InlineData("temperature 102.2℉", 39.0)]
    [InlineData("39.2º C", 39.2)]
    public void Assess_DegreeSignVariants_ReadAsTemperature(string text, double celsius)
    {
        var t = Engine.Assess(text).Case.Vitals.Single(v => v.Name == "temperature");

        Assert.Equal(celsius, t.Value, 1);
        Assert.Equal(text.Substring(t.Evidence.Start, t.Evidence.Length), t.Evidence.Text);
    }

    [Fact]
    public void Assess_HyphenatedLineWrap_JoinsTheWordAndKeepsOriginalEvidence()
    {
        const string text = "Since this morning she has had severe ab-\ndominal pain and has been vomiting.";

        var pain = Present(Engine.Assess(text), "abdominal_pain");

        Assert.NotNull(pain);
        Assert.Equal("ab-\ndominal pain", pain.Evidence.Text);
        Assert.Equal(text.IndexOf("ab-", StringComparison.Ordinal), pain.Evidence.Start);
    }

    [Fact]
    public void Assess_LineWrappedInsideASentence_ReadsAsOneSentence()
    {
        var wrapped = Engine.Assess("He describes a crushing chest\npain going down his left arm.");

        Assert.NotNull(Present(wrapped, "chest_pain"));
        Assert.Equal(Engine.Assess("He describes a crushing chest pain going down his left arm.").Acuity, wrapped.Acuity);
    }

    [Theory]
    [InlineData("no fever\nchest pain and sweating")]
    [InlineData("I have no fever.\nchest pain and sweating")]
    [InlineData("No fever\n\nchest pain and sweating")]
    [InlineData("No fever\nChest pain and sweating")]
    public void Assess_ListLineOrParagraph_StaysABoundary(string text)
    {
        var result = Engine.Assess(text);

        Assert.NotNull(Present(result, "chest_pain"));
    }

    [Theory]
    [InlineData("coughing up blood (haemoptysis)", "coughing up blood (hemoptysis)")]
    [InlineData("swollen ankles, oedema of both legs", "swollen ankles, edema of both legs")]
    [InlineData("diarrhoea for two days", "diarrhea for two days")]
    [InlineData("blood in the urine, haematuria", "blood in the urine, hematuria")]
    [InlineData("history of anaemia, now dyspnoea on walking", "history of anemia, now dyspnea on walking")]
    [InlineData("vomiting blood, haematemesis", "vomiting blood, hematemesis")]
    public void Assess_BritishAndAmericanSpelling_SameResult(string british, string american)
    {
        var a = Engine.Assess(british);
        var b = Engine.Assess(american);

        Assert.Equal(b.Acuity, a.Acuity);
        Assert.Equal(b.FiredRules.Select(r => r.RuleId), a.FiredRules.Select(r => r.RuleId));
        Assert.Equal(b.Case.Findings.Select(f => (f.ConceptId, f.Status)), a.Case.Findings.Select(f => (f.ConceptId, f.Status)));
    }

    [Theory]
    [InlineData("haemorrhage", "hemorrhage")]
    [InlineData("ischaemic", "ischemic")]
    [InlineData("leukaemia", "leukemia")]
    [InlineData("septicaemia", "septicemia")]
    [InlineData("oesophagus", "esophagus")]
    [InlineData("paediatric", "pediatric")]
    [InlineData("orthopaedic", "orthopedic")]
    [InlineData("foetus", "fetus")]
    [InlineData("anaesthetic", "anesthetic")]
    [InlineData("gynaecology", "gynecology")]
    [InlineData("apnoea", "apnea")]
    [InlineData("tumour", "tumor")]
    [InlineData("discoloured", "discolored")]
    [InlineData("behaviour", "behavior")]
    [InlineData("shoe", "shoe")]
    [InlineData("does", "does")]
    public void FoldSpelling_BritishWord_AmericanForm(string word, string expected) =>
        Assert.Equal(expected, TextNormalizer.FoldSpelling(word));

    [Fact]
    public void Normalize_PlainAscii_ReturnsTheSameStringWithoutMaps()
    {
        const string text = "I have a cough, no fever.";

        var n = TextNormalizer.Normalize(text);

        Assert.Same(text, n.Text);
        Assert.Equal(5, n.ToSourceStart(5));
    }

    [Fact]
    public void Normalize_RussianWord_IsNotTurnedIntoLatin()
    {
        var n = TextNormalizer.Normalize("нос and сhest");

        Assert.StartsWith("нос", n.Text, StringComparison.Ordinal);
        Assert.EndsWith("chest", n.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Assess_LongHostileUnicodeInput_StaysFast()
    {
        var text = string.Concat(Enumerable.Repeat("che\u00AD\u200Bst\u2028pa\uFF49n ﬁ ℃ \u0441ough-\n", 3000));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        Engine.Assess(text);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), watch.Elapsed.ToString());
    }
}
