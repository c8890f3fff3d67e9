using System.Globalization;
using MedPortal.Core.Triage;

namespace MedPortal.Tests.Triage;

public sealed class TriageDeterminismTests
{
    [Fact]
    public void Assess_SameInputTwiceAndAcrossCultures_ByteIdenticalJson()
    {
        var cases = TriageTestData.Cases("triage-dev.jsonl").Select(c => c.CaseDescription).ToList();
        var engine = TriageEngine.CreateDefault();
        var original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            var first = cases.Select(c => TriageResultJson.Serialize(engine.Assess(c))).ToList();
            var second = cases.Select(c => TriageResultJson.Serialize(engine.Assess(c))).ToList();

            CultureInfo.CurrentCulture = new CultureInfo("tr-TR");
            var turkish = cases.Select(c => TriageResultJson.Serialize(engine.Assess(c))).ToList();

            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var german = cases.Select(c => TriageResultJson.Serialize(engine.Assess(c))).ToList();

            Assert.Equal(first, second);
            Assert.Equal(first, turkish);
            Assert.Equal(first, german);
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Fact]
    public void Assess_FreshEngineFromSameKnowledge_SameJson()
    {
        const string text = "Denies fever. 67-year-old with COPD, sats 86%, RR 28, confused.";
        var a = TriageResultJson.Serialize(TriageEngine.CreateDefault().Assess(text));
        var b = TriageResultJson.Serialize(new TriageEngine(MedPortal.Core.Triage.Knowledge.KnowledgeBase.LoadEmbedded()).Assess(text));

        Assert.Equal(a, b);
    }
}
