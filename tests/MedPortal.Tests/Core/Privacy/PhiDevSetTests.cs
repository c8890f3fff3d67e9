using System.Text.Json;
using System.Text.RegularExpressions;
using MedPortal.Core.Privacy;
using MedPortal.Core.Privacy.Evaluation;
using MedPortal.Tests.Infrastructure;

namespace MedPortal.Tests.Core.Privacy;

/// <summary>
/// The scrubber on labelled text: the Presidio synthetic development file (tests/data/public/phi-README.md) on the
/// templates tuning was allowed to see, and MedPortal's own clinical-style texts with their expected spans.
/// </summary>
public sealed partial class PhiDevSetTests
{
    private static readonly PhiScrubber Scrubber = new();

    private static string DataFile(string name) => Path.Combine(RepoPaths.Root, "tests", "data", "public", name);

    private static IReadOnlyList<LabelledText> DevSet()
    {
        using var stream = File.OpenRead(DataFile("phi-presidio-synth-dev.json"));
        return PhiEvaluation.Parse(stream);
    }

    private static IReadOnlySet<int> HeldOut()
    {
        using var stream = File.OpenRead(DataFile("phi-blind-split.json"));
        return PhiEvaluation.ReadHeldOut(stream);
    }

    [Fact]
    public void Evaluate_TuneSplit_RecallAtLeast97PrecisionAtLeast85()
    {
        var tune = PhiEvaluation.Select(DevSet(), PhiSplit.Tune, HeldOut());

        var report = PhiEvaluation.Evaluate(Scrubber, tune);

        var text = PhiEvaluation.ToText(report, "tune");
        Assert.True(report.N > 500, text);
        Assert.True(report.Recall >= 0.97, $"recall {report.Recall:P2} < 97 %\n{text}");
        Assert.True(report.Precision >= 0.85, $"precision {report.Precision:P2} < 85 %\n{text}");
    }

    [Fact]
    public void HeldOutSplit_ThirtyPercentOfTemplates_DisjointFromTune()
    {
        var all = DevSet();
        var heldOut = HeldOut();
        var templates = all.Select(i => i.TemplateId).ToHashSet();

        Assert.Equal((int)Math.Round(templates.Count * 0.3), heldOut.Count);
        Assert.All(heldOut, id => Assert.Contains(id, templates));
        var tune = PhiEvaluation.Select(all, PhiSplit.Tune, heldOut);
        var held = PhiEvaluation.Select(all, PhiSplit.HeldOut, heldOut);
        Assert.Equal(all.Count, tune.Count + held.Count);
        Assert.DoesNotContain(tune, i => heldOut.Contains(i.TemplateId));
    }

    [Fact]
    public void Evaluate_HandMadeLabels_CountsCharacters()
    {
        var items = new[]
        {
            new LabelledText("Call 0113 496 0721 now, Tuesday.", [new LabelledSpan("PHONE_NUMBER", 5, 18)], 1),
            new LabelledText("Nothing here at all.", [], 2),
        };

        var report = PhiEvaluation.Evaluate(Scrubber, items);

        // The phone is masked (13 PHI characters of 13); "Tuesday" is masked but unlabelled: 13 of 20 masked characters.
        Assert.Equal(2, report.N);
        Assert.Equal(1.0, report.Recall);
        Assert.Equal(13.0 / 20, report.Precision, 6);
        Assert.Equal(new TypeScore(1, 13, 13), report.PerType["PHONE_NUMBER"]);
        var json = JsonDocument.Parse(PhiEvaluation.ToJson(report, "all")).RootElement;
        Assert.Equal(2, json.GetProperty("n").GetInt32());
        Assert.Equal(1.0, json.GetProperty("per_type").GetProperty("PHONE_NUMBER").GetProperty("recall").GetDouble());
    }

    public static TheoryData<int> OwnCases() => new(Enumerable.Range(0, OwnTexts().Count));

    /// <summary>Each of MedPortal's own texts: every marked identifier masked with its type, nothing unmarked masked.</summary>
    [Theory]
    [MemberData(nameof(OwnCases))]
    public void Scrub_OwnClinicalText_MasksExactlyTheMarkedSpans(int index)
    {
        var (text, expected) = OwnTexts()[index];

        var spans = Scrubber.Scrub(text).Spans;

        foreach (var (start, end, type) in expected.Where(e => e.Type is not null))
        {
            var covering = spans.Where(s => s.Start < end && s.End > start).ToList();
            var covered = Enumerable.Range(start, end - start).All(k => covering.Any(s => s.Start <= k && k < s.End) || char.IsWhiteSpace(text[k]));
            Assert.True(covered, $"case {index}: \"{text[start..end]}\" ({type}) is not fully masked in:\n{text}");
            Assert.All(covering, s => Assert.True(s.Type == type, $"case {index}: \"{text[start..end]}\" masked as {s.Type}, expected {type}"));
        }

        foreach (var s in spans)
        {
            var inside = expected.Any(e => e.Start <= s.Start && s.End <= e.End);
            Assert.True(inside, $"case {index}: \"{text.Substring(s.Start, s.Length)}\" masked as {s.Type} but not marked in:\n{text}");
        }
    }

    /// <summary>Reads tests/data/public/phi-clinical-own.txt: cases split by "---", identifiers marked [[Type|text]] ([[OK|text]]: may be masked).</summary>
    private static IReadOnlyList<(string Text, List<(int Start, int End, PhiType? Type)> Expected)> OwnTexts()
    {
        var lines = File.ReadAllLines(DataFile("phi-clinical-own.txt")).Where(l => !l.StartsWith('#'));
        var cases = string.Join('\n', lines).Split("\n---\n");
        var result = new List<(string, List<(int, int, PhiType?)>)>();
        foreach (var raw in cases)
        {
            var source = raw.Trim('\n');
            var text = new System.Text.StringBuilder();
            var expected = new List<(int, int, PhiType?)>();
            var at = 0;
            foreach (Match m in Marked().Matches(source))
            {
                text.Append(source, at, m.Index - at);
                var start = text.Length;
                text.Append(m.Groups["text"].Value);
                var type = m.Groups["type"].Value;
                expected.Add((start, text.Length, type == "OK" ? null : Enum.Parse<PhiType>(type)));
                at = m.Index + m.Length;
            }

            text.Append(source, at, source.Length - at);
            result.Add((text.ToString(), expected));
        }

        return result;
    }

    [GeneratedRegex(@"\[\[(?<type>\w+)\|(?<text>.*?)\]\]", RegexOptions.Singleline | RegexOptions.ExplicitCapture)]
    private static partial Regex Marked();
}
