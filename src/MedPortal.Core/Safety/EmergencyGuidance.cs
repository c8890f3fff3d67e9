namespace MedPortal.Core.Safety;

/// <summary>
/// The one source of every emergency-path, crisis and disclaimer sentence a patient reads. Pages, chat messages, the
/// triage dispositions and nurse messages all take their wording from here, so a change of number or phrasing is made
/// once. Plain text; no diagnosis, ever.
/// </summary>
public static class EmergencyGuidance
{
    /// <summary>The emergency number, as dialled.</summary>
    public const string EmergencyNumber = "911";

    /// <summary>The Suicide &amp; Crisis Lifeline number, as dialled.</summary>
    public const string CrisisNumber = "988";

    /// <summary>The National Domestic Violence Hotline number, as dialled.</summary>
    public const string DomesticViolenceNumber = "1-800-799-7233";

    /// <summary>The one phrasing of "call the emergency number", lower case, for use inside a sentence.</summary>
    public const string CallEmergency = "call " + EmergencyNumber + " or your local emergency number";

    /// <summary><see cref="CallEmergency"/> at the start of a sentence.</summary>
    public const string CallEmergencyCapitalised = "Call " + EmergencyNumber + " or your local emergency number";

    /// <summary>The emergency path every patient-facing screen and disposition carries.</summary>
    public const string EmergencyPath = "If you think this is an emergency, " + CallEmergency + " now.";

    /// <summary>The crisis line in one short sentence, for page footers and notices.</summary>
    public const string CrisisShort = "For thoughts of suicide or self-harm, call or text " + CrisisNumber + ".";

    /// <summary>The short footer of every page: the disclaimer, the emergency path and the crisis line, one line each at most.</summary>
    public const string ShortFooter = "MedPortal does not diagnose. " + EmergencyPath + " " + CrisisShort;

    /// <summary>The crisis line: suicide and self-harm.</summary>
    public const string CrisisLine = "For thoughts of suicide or self-harm, call or text " + CrisisNumber + " (Suicide & Crisis Lifeline, 24/7) or chat at 988lifeline.org.";

    /// <summary>What MedPortal is not: the general disclaimer.</summary>
    public const string Disclaimer = "MedPortal's assistant does not diagnose; a nurse decides what happens next.";

    /// <summary>The disclaimer on advice produced by the automated check.</summary>
    public const string AutomatedAdviceDisclaimer =
        "This is guidance from an automated check of what you wrote, not a diagnosis, and it does not replace a clinician's judgement.";

    /// <summary>The disclaimer, the emergency path and the crisis line, for page footers.</summary>
    public const string Footer = Disclaimer + " " + EmergencyPath + " " + CrisisLine;

    /// <summary>The emergency path and the crisis line, for the end of a message to the patient.</summary>
    public const string SafetyNet = "If you get worse, or think this is an emergency, " + CallEmergency + " now. " + CrisisLine;

    /// <summary>The medical-emergency banner's heading.</summary>
    public const string EmergencyTitle = "This may be an emergency";

    /// <summary>The medical-emergency banner's action.</summary>
    public const string EmergencyAction =
        CallEmergencyCapitalised + " now, or go to the nearest emergency department if told to. Do not wait for this chat or for a nurse's reply.";

    /// <summary>The crisis banner's heading.</summary>
    public const string CrisisTitle = "You deserve support right now";

    /// <summary>The crisis banner's action: the crisis line, then immediate danger. Shown once, nothing about other emergencies.</summary>
    public const string CrisisAction =
        "Call or text " + CrisisNumber + " (Suicide & Crisis Lifeline, 24/7) to talk to a trained counselor, or chat at 988lifeline.org. " +
        "If you are in immediate danger or have already hurt yourself, " + CallEmergency + " now.";

    /// <summary>Added for abuse.</summary>
    public const string DomesticViolenceLine =
        "If someone is hurting you: the National Domestic Violence Hotline (" + DomesticViolenceNumber + ", or text START to 88788) is free and confidential.";
}
