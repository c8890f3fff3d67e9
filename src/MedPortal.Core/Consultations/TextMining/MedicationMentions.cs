using System.Text.RegularExpressions;

namespace MedPortal.Core.Consultations.TextMining;

/// <summary>
/// Finds the medicines a patient says they take, for the structured record. Deterministic: a list of common medicine
/// names and drug-class suffixes, skipping mentions after allergy words ("allergic to penicillin" is an allergy, not a
/// medicine) or a negation ("I don't take aspirin").
/// </summary>
public static partial class MedicationMentions
{
    /// <summary>The medicine names mentioned as taken, lower case, in order of first mention.</summary>
    public static IReadOnlyList<string> Find(IEnumerable<string> patientMessages)
    {
        ArgumentNullException.ThrowIfNull(patientMessages);
        var found = new List<string>();
        foreach (var message in patientMessages)
        {
            foreach (Match match in Medicine().Matches(message ?? ""))
            {
                var before = message![Math.Max(0, match.Index - 40)..match.Index];
                if (Excluded().IsMatch(before))
                {
                    continue;
                }
                var name = match.Value.ToLowerInvariant();
                if (!found.Contains(name))
                {
                    found.Add(name);
                }
            }
        }
        return found;
    }

    [GeneratedRegex(
        @"\b(ibuprofen|advil|motrin|nurofen|naproxen|aleve|aspirin|paracetamol|acetaminophen|tylenol|panadol|co-codamol|codeine|tramadol|morphine|oxycodone|" +
        @"metformin|insulin|gliclazide|levothyroxine|thyroxine|salbutamol|albuterol|ventolin|symbicort|seretide|inhalers?|" +
        @"sertraline|fluoxetine|citalopram|escitalopram|amitriptyline|mirtazapine|venlafaxine|gabapentin|pregabalin|quetiapine|olanzapine|risperidone|lithium|" +
        @"diazepam|lorazepam|zopiclone|melatonin|prednisone|prednisolone|hydrocortisone|methotrexate|allopurinol|colchicine|levetiracetam|lamotrigine|valproate|" +
        @"amoxicillin|co-amoxiclav|augmentin|azithromycin|clarithromycin|doxycycline|cephalexin|cefalexin|ciprofloxacin|nitrofurantoin|trimethoprim|antibiotics?|" +
        @"warfarin|apixaban|rivaroxaban|dabigatran|clopidogrel|heparin|digoxin|furosemide|hydrochlorothiazide|spironolactone|amlodipine|nifedipine|" +
        @"cetirizine|loratadine|fexofenadine|diphenhydramine|antihistamines?|contraceptive pill|birth control pill|the pill|folic acid|iron tablets|vitamin d|" +
        @"\w{3,}(?:pril|sartan|olol|statin|prazole|cillin|mycin|floxacin|cycline|azepam|tidine|gliptin|gliflozin|triptan))\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Medicine();

    [GeneratedRegex(@"(allerg\w*|reaction|react|intoleran\w*|sensitive)\s+(to\s+)?(\w+\s+){0,3}$|\b(don'?t|do not|never|not|no longer|stopped|ran out of)\s+(\w+\s+){0,2}$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Excluded();
}
