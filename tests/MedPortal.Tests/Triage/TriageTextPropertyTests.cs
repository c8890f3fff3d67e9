using FsCheck;
using FsCheck.Fluent;
using MedPortal.Core.Triage;

namespace MedPortal.Tests.Triage;

/// <summary>Text-layer invariants: invisible characters, wrapped lines and spelling variants never change a result; "no A, no B, no C" negates all three.</summary>
public sealed class TriageTextPropertyTests
{
    private static readonly TriageEngine Engine = TriageEngine.CreateDefault();

    private static readonly string[] Cases = [.. TriageTestData.Cases("triage-dev.jsonl").Select(c => c.CaseDescription)];

    private static readonly string[] Invisible = ["\u00AD", "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF"];

    // Symptom phrases with the concept each one is read as, all negatable by a leading "no".
    private static readonly (string Phrase, string Concept)[] Symptoms =
    [
        ("fever", "fever"), ("rash", "rash"), ("vomiting", "vomiting"), ("chest pain", "chest_pain"), ("neck stiffness", "neck_stiffness"),
        ("headache", "headache"), ("cough", "cough"), ("diarrhea", "diarrhea"), ("palpitations", "palpitations"), ("wheezing", "wheeze"),
        ("shortness of breath", "dyspnea"), ("abdominal pain", "abdominal_pain"), ("sore throat", "sore_throat"), ("runny nose", "runny_nose"),
    ];

    private static readonly (string British, string American)[] Spellings =
    [
        ("haemoptysis", "hemoptysis"), ("oedema", "edema"), ("diarrhoea", "diarrhea"), ("haematuria", "hematuria"), ("anaemia", "anemia"),
        ("dyspnoea", "dyspnea"), ("haematemesis", "hematemesis"), ("haemorrhage", "hemorrhage"), ("ischaemic", "ischemic"), ("foetal", "fetal"),
    ];

    private static Config Config => Config.QuickThrowOnFailure.WithMaxTest(300).WithReplay(24680UL, 13579UL);

    private static (Acuity, string) Outcome(TriageResult r) =>
        (r.Acuity, string.Join(",", r.FiredRules.Select(f => f.RuleId)));

    [Fact]
    public void Assess_InvisibleCharacterInsideAWord_NeverChangesTheResult()
    {
        var gen = Gen.Elements(Cases).Zip(Gen.Choose(0, int.MaxValue)).Zip(Gen.Elements(Invisible));

        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var ((text, seed), invisible) = t;
            var inside = Enumerable.Range(1, text.Length - 2).Where(i => char.IsLetter(text[i - 1]) && char.IsLetter(text[i])).ToArray();
            var at = inside[seed % inside.Length];
            return Outcome(Engine.Assess(text.Insert(at, invisible))) == Outcome(Engine.Assess(text));
        }));
    }

    [Fact]
    public void Assess_SpaceReplacedByAWrappedLineBreak_NeverChangesTheResult()
    {
        var gen = Gen.Elements(Cases).Zip(Gen.Choose(0, int.MaxValue));

        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (text, seed) = t;

            // A wrap: a space before a lower-case word, inside a sentence, after a line long enough to have been wrapped (see TextNormalizer).
            var spaces = Enumerable.Range(1, text.Length - 2)
                .Where(i => text[i] == ' ' && char.IsLower(text[i + 1]) && char.IsLetterOrDigit(text[i - 1]) && WordsBefore(text, i) >= 4)
                .ToArray();
            if (spaces.Length == 0)
            {
                return true;
            }

            var at = spaces[seed % spaces.Length];
            var wrapped = string.Concat(text.AsSpan(0, at), "\n", text.AsSpan(at + 1));
            return Outcome(Engine.Assess(wrapped)) == Outcome(Engine.Assess(text));
        }));
    }

    [Fact]
    public void Assess_NoAnoBnoC_NegatesAllThree()
    {
        var gen = Gen.Elements(Symptoms).Three().Where(t => t.Item1.Concept != t.Item2.Concept && t.Item2.Concept != t.Item3.Concept && t.Item1.Concept != t.Item3.Concept);

        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (a, b, c) = t;
            var result = Engine.Assess($"No {a.Phrase}, no {b.Phrase}, no {c.Phrase}.");
            return new[] { a, b, c }.All(s =>
                result.Case.Findings.Any(f => f.ConceptId == s.Concept) &&
                result.Case.Findings.Where(f => f.ConceptId == s.Concept).All(f => f.Status == FindingStatus.Negated));
        }));
    }

    [Fact]
    public void Assess_BritishOrAmericanSpelling_SameResult()
    {
        var gen = Gen.Elements(Cases).Zip(Gen.Elements(Spellings));

        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (text, (british, american)) = t;
            var a = Engine.Assess($"{text} Also {british}.");
            var b = Engine.Assess($"{text} Also {american}.");
            return Outcome(a) == Outcome(b) && a.Case.Findings.Select(f => (f.ConceptId, f.Status)).SequenceEqual(b.Case.Findings.Select(f => (f.ConceptId, f.Status)));
        }));
    }

    private static int WordsBefore(string text, int at)
    {
        var lineStart = text.LastIndexOf('\n', at) + 1;
        return text[lineStart..at].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
    }
}
