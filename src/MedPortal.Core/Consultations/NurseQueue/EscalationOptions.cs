using System.ComponentModel.DataAnnotations;

namespace MedPortal.Core.Consultations.NurseQueue;

/// <summary>Escalation of cases waiting past their review target (configuration section <c>Escalation</c>).</summary>
public sealed class EscalationOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Escalation";

    /// <summary>How often the queue is scanned for overdue cases, in seconds.</summary>
    [Range(1, 600)]
    public int ScanSeconds { get; set; } = 30;

    /// <summary>Where escalations are emailed (the charge nurse's address); none: alerts on nurse pages only.</summary>
    [EmailAddress]
    public string? ChargeNurseEmail { get; set; }
}
