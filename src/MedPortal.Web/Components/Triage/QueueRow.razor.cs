using MedPortal.Core.Consultations.NurseQueue;
using Microsoft.AspNetCore.Components;

namespace MedPortal.Web.Components.Triage;

/// <summary>
/// One open case in the nurse queue, as a link to its review: the AI acuity (and a crisis tag), the patient, the
/// complaint, how long it has waited (highlighted past the level's review target) and who holds it.
/// </summary>
public partial class QueueRow
{
    /// <summary>The case.</summary>
    [Parameter, EditorRequired] public required QueueItem Item { get; set; }

    /// <summary>The signed-in nurse's user id: their own claims read "claimed by you".</summary>
    [Parameter, EditorRequired] public required string UserId { get; set; }

    /// <summary>The clinic's current time, for the waiting time.</summary>
    [Parameter, EditorRequired] public required DateTimeOffset Now { get; set; }

    private bool Overdue => Now - Item.CreatedAt > QueueTargets.ReviewWithin(Item.AiAcuity);

    private string StatusText => Item.Status switch
    {
        AssessmentStatus.Claimed when Item.ClaimedBy == UserId => "claimed by you",
        AssessmentStatus.Claimed => "claimed",
        _ => "waiting",
    };

    /// <summary>A waiting time as the queue shows it: "just now", "12 min", "2 h 5 min", "3 d 4 h".</summary>
    public static string WaitingText(TimeSpan waited) =>
        waited.TotalMinutes < 1 ? "just now"
        : waited.TotalHours < 1 ? $"{(int)waited.TotalMinutes} min"
        : waited.TotalDays < 1 ? $"{(int)waited.TotalHours} h {waited.Minutes} min"
        : $"{(int)waited.TotalDays} d {waited.Hours} h";
}
