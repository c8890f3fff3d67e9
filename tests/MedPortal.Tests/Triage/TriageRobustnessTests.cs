using System.Text;
using MedPortal.Core.Triage;

namespace MedPortal.Tests.Triage;

public sealed class TriageRobustnessTests
{
    private static readonly TriageEngine Engine = TriageEngine.CreateDefault();

    public static TheoryData<string> OddInputs()
    {
        var random = new Random(1234);
        var garbage = new char[4096];
        for (var i = 0; i < garbage.Length; i++)
        {
            garbage[i] = (char)random.Next(0, 0xFFFF);
        }

        var bytes = new byte[4096];
        random.NextBytes(bytes);
        return new TheoryData<string>
        {
            string.Empty,
            "   \n\t ",
            new string(garbage),
            Encoding.Latin1.GetString(bytes),
            "\0\0\0\u0001\u0002",
            "J'ai mal à la tête et de la fièvre",
            "Tengo dolor de pecho",
            "我头疼，发烧三天了",
            "У меня болит голова",
            "ألم في الصدر",
            "😀😷🤒🤕💔🔥 \uD83D",
            "\uDC00\uD800 lone surrogates",
            new string('a', 200_000),
            string.Concat(Enumerable.Repeat("no ", 50_000)),
            string.Concat(Enumerable.Repeat("(((( [[[ ", 10_000)),
            "I have " + string.Concat(Enumerable.Repeat("chest pain and ", 20_000)),
        };
    }

    [Theory]
    [MemberData(nameof(OddInputs))]
    public void Assess_OddInput_ReturnsDefinedResult(string text)
    {
        var result = Engine.Assess(text);

        Assert.True(Enum.IsDefined(result.Acuity));
        Assert.Contains(PatientDispositionText.EmergencyPath, result.PatientDisposition, StringComparison.Ordinal);
        Assert.DoesNotContain(result.FiredRules, r => r.RuleId == "ENGINE-FALLBACK");
    }

    [Fact]
    public void Assess_EmptyText_IsRoutineAskingForTheMainComplaint()
    {
        var result = Engine.Assess(string.Empty);

        Assert.Equal(Acuity.Routine, result.Acuity);
        Assert.Empty(result.FiredRules);
        Assert.Equal("case.chief_complaint", result.MissingInformation[0].Key);
    }

    [Fact]
    public void Assess_NullInputs_ReturnsDefinedResult()
    {
        Assert.Equal(Acuity.Routine, Engine.Assess((string)null!).Acuity);
        Assert.Equal(Acuity.Routine, Engine.Assess((IReadOnlyList<string>)null!).Acuity);
        Assert.Equal(Acuity.Routine, Engine.Assess([null!, null!]).Acuity);
    }

    [Fact]
    public void Assess_OneMegabyteText_IsTruncatedAndFast()
    {
        var text = "I have a mild cough. " + new string('x', 1024 * 1024);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = Engine.Assess(text);

        watch.Stop();
        Assert.True(result.InputTruncated);
        Assert.True(watch.ElapsedMilliseconds < 5_000, $"{watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Assess_TooManyMessages_ReadsOnlyTheCap()
    {
        var messages = Enumerable.Repeat("runny nose", TriageEngine.MaxMessages + 10).ToList();

        var result = Engine.Assess(messages);

        Assert.True(result.InputTruncated);
        Assert.All(result.Case.Findings, f => Assert.True(f.Evidence.MessageIndex < TriageEngine.MaxMessages));
    }

    [Fact]
    public void Assess_ParallelCalls_GiveTheSameResult()
    {
        const string text = "A 6-week-old baby with a fever of 38.5 and poor feeding.";
        var expected = TriageResultJson.Serialize(Engine.Assess(text));

        var results = new string[64];
        Parallel.For(0, results.Length, i => results[i] = TriageResultJson.Serialize(Engine.Assess(text)));

        Assert.All(results, r => Assert.Equal(expected, r));
    }
}
