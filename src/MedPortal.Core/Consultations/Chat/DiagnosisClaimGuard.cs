using System.Text.RegularExpressions;

namespace MedPortal.Core.Consultations.Chat;

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
        @"[\w-]*(itis|osis|sis|emia|aemia|oma|pathy|ia|infection|attack|fracture|stroke|syndrome|disease|disorder|failure|embolism|migraine|flu|influenza|cold|sprain|strain|ulcer|clot|covid|strep|asthma|diabetes|cancer|angina|throat)\b";

    // "You have …" as a statement (not "do you have …?") followed by anything but the interview's own phrases.
    // Aggressive on purpose: a false alarm only swaps the model's phrasing for the protocol's.
    [GeneratedRegex(@"(?<!\b(?:do|did|if|whether|when|since|that|what)\s+)\byou(?:'ve| have| most likely have| probably have| likely have| definitely have| clearly have| may have| might have| could have| seem to have| appear to have)\s+(?:got\s+)?(?!any\b|to\b|been\b|had\b|told\b|mentioned\b|said\b|described\b|noticed\b|shared\b|already\b|given\b|answered\b|felt\b|experienced\b|tried\b|taken\b|seen\b|done\b|a question|questions\b|other\b|more\b|someone\b|anyone\b|a right\b|the right\b)\w",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex YouHaveCondition();

    [GeneratedRegex(@"\b(?:this|it|that)(?:'s| is| sounds like| looks like| seems like| appears to be)\s+(?:probably\s+|likely\s+|definitely\s+|most likely\s+)?(?:a\s+|an\s+)?(?:case of\s+)?(?:bad\s+|mild\s+|severe\s+|acute\s+)?" + Condition,
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ItIsCondition();
}
