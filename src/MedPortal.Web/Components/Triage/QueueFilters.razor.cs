using MedPortal.Core.Triage;
using Microsoft.AspNetCore.Components;

namespace MedPortal.Web.Components.Triage;

/// <summary>
/// The nurse queue's filters: one toggle chip per acuity level with its count of open cases, "crisis only",
/// "my claims", and how many cases the filtered queue holds. The page owns the filter; this only shows it and reports
/// changes.
/// </summary>
public partial class QueueFilters
{
    /// <summary>Open cases per acuity level (a missing level counts as zero).</summary>
    [Parameter, EditorRequired] public required IReadOnlyDictionary<Acuity, int> Counts { get; set; }

    /// <summary>The levels shown (none selected: all).</summary>
    [Parameter, EditorRequired] public required IReadOnlySet<Acuity> Selected { get; set; }

    /// <summary>Only crisis cases.</summary>
    [Parameter] public bool CrisisOnly { get; set; }

    /// <summary>Only cases the signed-in nurse claimed.</summary>
    [Parameter] public bool MineOnly { get; set; }

    /// <summary>Cases in the filtered queue.</summary>
    [Parameter] public int Total { get; set; }

    /// <summary>A level's chip was pressed: select it, or clear it when it was selected.</summary>
    [Parameter] public EventCallback<Acuity> OnToggleLevel { get; set; }

    /// <summary>"Crisis only" was ticked or cleared.</summary>
    [Parameter] public EventCallback<bool> CrisisOnlyChanged { get; set; }

    /// <summary>"My claims" was ticked or cleared.</summary>
    [Parameter] public EventCallback<bool> MineOnlyChanged { get; set; }
}
