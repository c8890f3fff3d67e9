namespace MedPortal.Core.Triage;

/// <summary>An assessment together with the text the engine actually read, for reviewers asking why a case landed where it did.</summary>
/// <param name="NormalizedText">The (capped) message after text normalisation: invisible characters removed, look-alikes folded, wrapped lines joined. Evidence spans in <paramref name="Result"/> still point at the original text.</param>
/// <param name="Result">The same result <see cref="TriageEngine.Assess(string)"/> gives.</param>
public sealed record TriageExplanation(string NormalizedText, TriageResult Result);
