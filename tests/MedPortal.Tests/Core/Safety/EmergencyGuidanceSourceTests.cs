using System.Text.RegularExpressions;
using MedPortal.Core.Safety;
using MedPortal.Tests.Infrastructure;

namespace MedPortal.Tests.Core.Safety;

/// <summary>
/// Every emergency-path, crisis and disclaimer sentence a patient reads comes from <see cref="EmergencyGuidance"/>: the
/// numbers and the "call … emergency number" phrasing are written nowhere else in the product's source.
/// </summary>
public sealed partial class EmergencyGuidanceSourceTests
{
    [GeneratedRegex(@"\b(911|988)\b|emergency number|Crisis Lifeline", RegexOptions.IgnoreCase)]
    private static partial Regex EmergencyWording();

    [Fact]
    public void Source_EmergencyNumbersAndPhrasing_OnlyInEmergencyGuidance()
    {
        var src = Path.Combine(RepoPaths.Root, "src");
        var offenders = Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != "EmergencyGuidance.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(src, f), Line: i + 1, Text: line)))
            .Where(l => !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal) && !l.Text.TrimStart().StartsWith("///", StringComparison.Ordinal))
            .Where(l => EmergencyWording().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "emergency wording outside EmergencyGuidance:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void ShortFooter_CarriesDisclaimerEmergencyPathAndCrisisLineOnce()
    {
        var footer = EmergencyGuidance.ShortFooter;

        Assert.Contains("does not diagnose", footer, StringComparison.Ordinal);
        Assert.Single(Regex.Matches(footer, EmergencyGuidance.EmergencyNumber));
        Assert.Single(Regex.Matches(footer, EmergencyGuidance.CrisisNumber));
    }

    [Fact]
    public void CrisisAction_NamesTheCrisisLineOnceAndNoHeartAttackWording()
    {
        var action = EmergencyGuidance.CrisisAction;

        Assert.Equal(2, Regex.Matches(action, EmergencyGuidance.CrisisNumber).Count); // the number and 988lifeline.org
        Assert.DoesNotContain("heart", action, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("chest", action, StringComparison.OrdinalIgnoreCase);
    }
}
