using MedPortal.Core.Safety;

namespace MedPortal.Core.Consultations.Interview;

/// <summary>
/// Decides what the interview must ask next. Deterministic: the same facts and the same asked slots give the same
/// question. A language model may re-phrase the question, never choose it.
/// </summary>
public static class InterviewProtocol
{
    /// <summary>The first assistant message of every consultation.</summary>
    public const string Greeting =
        "Hello, I'm MedPortal's pre-screening assistant. I'll ask a few questions so a nurse can review your situation. " +
        "I can't diagnose, and a nurse decides what happens next.\n\n" +
        "**" + EmergencyGuidance.EmergencyPath + "** " + EmergencyGuidance.CrisisLine + "\n\n" +
        "What is the main problem you would like help with today?";

    /// <summary>The standard slots, in the order they are asked.</summary>
    public static readonly IReadOnlyList<InterviewSlot> StandardSlots =
    [
        new("complaint", "What is the main problem you would like help with today?"),
        new("onset", "When did this start, and has it been getting better, worse or staying the same?"),
        new("severity", "On a scale from 0 (none) to 10 (the worst you can imagine), how bad is it right now?"),
        new("location", "Where exactly do you feel it? If it spreads anywhere, where does it go?"),
        new("associated", "Have you noticed anything else along with it, such as fever, vomiting, shortness of breath, a rash or dizziness?"),
        new("medications", "Do you take any medicines, including ones bought without a prescription, vitamins or herbal remedies?"),
        new("allergies", "Do you have any allergies to medicines, foods or anything else?"),
        new("conditions", "Do you have any long-term health conditions, such as diabetes, asthma, heart or kidney disease, or a weakened immune system?"),
        new("pregnancy", "Is there any chance you could be pregnant?"),
        new("age", "How old are you?"),
    ];

    /// <summary>How many complaint-specific red-flag questions the interview asks at most.</summary>
    public const int MaxRedFlagQuestions = 3;

    /// <summary>Chooses the next step from what is known and what was already asked.</summary>
    public static InterviewStep Next(InterviewFacts facts, IReadOnlyCollection<string> askedSlots)
    {
        if (facts.Emergency)
        {
            return InterviewStep.EmergencyStop;
        }
        foreach (var slot in Ordered(facts))
        {
            if (!askedSlots.Contains(slot.Key) && !facts.Known.Contains(slot.Key))
            {
                return InterviewStep.Ask(slot);
            }
        }
        return InterviewStep.ReadyForRecap;
    }

    private static IEnumerable<InterviewSlot> Ordered(InterviewFacts facts)
    {
        // The red-flag questions the triage engine says would change the decision come right after the complaint's
        // basics, before the routine history.
        foreach (var slot in StandardSlots.Take(5))
        {
            yield return slot;
        }
        foreach (var question in facts.RedFlagQuestions.Take(MaxRedFlagQuestions))
        {
            yield return question;
        }
        foreach (var slot in StandardSlots.Skip(5))
        {
            if (slot.Key == "pregnancy" && !facts.PregnancyRelevant)
            {
                continue;
            }
            yield return slot;
        }
    }
}

/// <summary>One thing the interview asks about.</summary>
/// <param name="Key">Stable key, stored with the assistant message that asked it.</param>
/// <param name="Question">The protocol's own patient-facing wording.</param>
public sealed record InterviewSlot(string Key, string Question);

/// <summary>What the triage engine and the patient's profile already tell the interview.</summary>
/// <param name="Known">Slot keys already answered by what the patient wrote (e.g. "onset" when a duration was given).</param>
/// <param name="RedFlagQuestions">Complaint-specific questions that would change the triage decision.</param>
/// <param name="PregnancyRelevant">True for a patient who could be pregnant and whose complaint makes it matter.</param>
/// <param name="Emergency">True once the rules found an emergency or a crisis: routine questions stop.</param>
public sealed record InterviewFacts(
    IReadOnlySet<string> Known,
    IReadOnlyList<InterviewSlot> RedFlagQuestions,
    bool PregnancyRelevant,
    bool Emergency);

/// <summary>What the interview does next.</summary>
/// <param name="Kind">Ask a slot, stop for an emergency, or move to the recap.</param>
/// <param name="Slot">The slot to ask, for <see cref="InterviewStepKind.Ask"/>.</param>
public sealed record InterviewStep(InterviewStepKind Kind, InterviewSlot? Slot)
{
    /// <summary>The emergency path: no more routine questions.</summary>
    public static InterviewStep EmergencyStop { get; } = new(InterviewStepKind.EmergencyStop, null);

    /// <summary>Everything needed is known.</summary>
    public static InterviewStep ReadyForRecap { get; } = new(InterviewStepKind.ReadyForRecap, null);

    /// <summary>Ask <paramref name="slot"/>.</summary>
    public static InterviewStep Ask(InterviewSlot slot) => new(InterviewStepKind.Ask, slot);
}

/// <summary>The kinds of <see cref="InterviewStep"/>.</summary>
public enum InterviewStepKind
{
    /// <summary>Ask a question.</summary>
    Ask,

    /// <summary>Emergency or crisis: stop collecting routine details.</summary>
    EmergencyStop,

    /// <summary>Show the recap for the patient to confirm.</summary>
    ReadyForRecap,
}
