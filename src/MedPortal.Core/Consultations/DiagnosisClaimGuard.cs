using System.Text.RegularExpressions;

namespace MedPortal.Core.Consultations;

/// <summary>
/// Deterministic check that assistant text does not claim a diagnosis ("you have pneumonia", "this is probably a
/// migraine"). A model reply that trips it is replaced by the protocol's wording, whatever the model intended.
/// </summary>
public static partial class DiagnosisClaimGuard
{
    /// <summary>True when the text reads as telling the patient what they have.</summary>
    public static bool ClaimsDiagnosis(string text) =>
        DiagnosisWord().IsMatch(text) || YouHaveCondition().IsMatch(text) || ItIsCondition().IsMatch(text);

    [GeneratedRegex(@"\b(diagnos(e|es|ed|is|ing)|my assessment is that you)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DiagnosisWord();

    private const string Condition =
        @"[\w-]*(itis|osis|emia|aemia|oma|pathy|infection|attack|fracture|stroke|syndrome|disease|disorder|failure|embolism|appendicitis|migraine|flu|cold|sprain|strain|ulcer|clot)\b";

    [GeneratedRegex(@"\byou(?:'ve| have| most likely have| probably have| likely have| definitely have| clearly have| may have| might have| could have)\s+(?:got\s+)?(?:a\s+|an\s+)?(?:bad\s+|mild\s+|severe\s+|acute\s+)?" + Condition,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex YouHaveCondition();

    [GeneratedRegex(@"\b(?:this|it|that)(?:'s| is| sounds like| looks like| seems like| appears to be)\s+(?:probably\s+|likely\s+|definitely\s+|most likely\s+)?(?:a\s+|an\s+)?(?:case of\s+)?(?:bad\s+|mild\s+|severe\s+|acute\s+)?" + Condition,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ItIsCondition();
}
