using MedPortal.Core.Safety;

namespace MedPortal.Core.Triage;

/// <summary>Patient-facing advice per acuity. Never names a diagnosis; always ends with the disclaimer and the emergency path.</summary>
public static class PatientDispositionText
{
    /// <summary>The emergency path sentence every disposition carries.</summary>
    public const string EmergencyPath = EmergencyGuidance.EmergencyPath;

    /// <summary>The disclaimer every disposition carries.</summary>
    public const string Disclaimer = EmergencyGuidance.AutomatedAdviceDisclaimer;

    /// <summary>The crisis line text carried by every crisis disposition.</summary>
    public const string CrisisLine = EmergencyGuidance.CrisisLine;

    /// <summary>Builds the disposition text.</summary>
    /// <param name="acuity">The final acuity.</param>
    /// <param name="crisis">The crisis kind, if any.</param>
    /// <param name="enoughInformation">False when nothing clinical was recognised in the text.</param>
    /// <returns>Plain text, several sentences.</returns>
    public static string For(Acuity acuity, CrisisKind? crisis, bool enoughInformation)
    {
        var lead = crisis switch
        {
            CrisisKind.Suicide or CrisisKind.SelfHarm =>
                "Thank you for telling us. You deserve support right now, and you don't have to go through this alone. " + EmergencyGuidance.CrisisAction,
            CrisisKind.HarmToOthers =>
                "Thank you for telling us. If anyone is in immediate danger, " + EmergencyGuidance.CallEmergency + " now. " + CrisisLine,
            CrisisKind.Abuse =>
                "Thank you for telling us; what is happening is not your fault. If you are in danger now, " + EmergencyGuidance.CallEmergency + ". " +
                EmergencyGuidance.DomesticViolenceLine + " " + CrisisLine,
            null => null,
            _ => null,
        };

        var body = acuity switch
        {
            Acuity.Emergency => "Based on what you described, you need emergency help now. " + EmergencyGuidance.CallEmergencyCapitalised + ", or ask someone to call for you. Do not drive yourself.",
            Acuity.EmergencyDepartment => "Based on what you described, you should be seen in an emergency department now. Do not wait for a routine appointment. If things get worse or you cannot get there safely, " + EmergencyGuidance.CallEmergency + ".",
            Acuity.Urgent => "Based on what you described, you should speak to a doctor, nurse or urgent care service today.",
            Acuity.Routine when !enoughInformation => "We could not find enough information in your message to assess your symptoms. Please tell us your main symptom, when it started and how bad it is, or contact a clinician.",
            Acuity.Routine => "Based on what you described, you should arrange to see a doctor or another clinician in the next few days.",
            Acuity.SelfCare => "Based on what you described, this can usually be looked after at home with rest, fluids and advice from a pharmacist if needed. Contact a clinician if it gets worse, new symptoms appear, or it is not improving as expected.",
            _ => "Please contact a clinician for advice.",
        };

        // A crisis gets the crisis wording alone: the generic level-1 advice ("do not drive yourself") is about other emergencies.
        return (lead ?? body) + " " + Disclaimer + " " + EmergencyPath;
    }
}
