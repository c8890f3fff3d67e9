using MedPortal.Core.Consultations.NurseQueue;
using MedPortal.Core.Triage;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MedPortal.Web.Components.Triage;

/// <summary>
/// A nurse's decision on a claimed case: the acuity (the AI's unless overridden, with a reason), the disposition, and
/// the message to the patient. A press on Send validates every field and lists every problem at once; a disposition
/// that does not fit the acuity (<see cref="DecisionRules.Mismatch"/>) is shown as a warning the nurse must confirm
/// before the decision goes out. Nothing is sent while a problem remains.
/// </summary>
public partial class CaseDecisionForm
{
    private MudForm? form;
    private string[] errors = [];
    private bool attempted;
    private Acuity finalAcuity;
    private Disposition? disposition;
    private string? reason;
    private string? message;
    private bool confirmed;

    /// <summary>The AI's acuity: the form starts on it, and any other level is an override that needs a reason.</summary>
    [Parameter, EditorRequired] public required Acuity AiAcuity { get; set; }

    /// <summary>Called with a decision that passed every check (and, for a mismatched pair, was confirmed).</summary>
    [Parameter] public EventCallback<CaseDecision> OnDecide { get; set; }

    /// <summary>Gives the case back to the queue.</summary>
    [Parameter] public EventCallback OnRelease { get; set; }

    /// <summary>True while a decision or a release is being saved: the buttons cannot be pressed.</summary>
    [Parameter] public bool Busy { get; set; }

    /// <summary>A problem the service reported for the last decision (shown with the form's own problems).</summary>
    [Parameter] public string? Error { get; set; }

    private bool Overridden => finalAcuity != AiAcuity;

    private DispositionMismatch? Mismatch => disposition is { } chosen ? DecisionRules.Mismatch(finalAcuity, chosen) : null;

    private IReadOnlyList<string> Problems => [.. attempted ? errors : [], .. Error is null ? [] : new[] { Error }];

    /// <inheritdoc />
    protected override void OnInitialized() => finalAcuity = AiAcuity;

    // Choosing a level proposes its usual disposition; the nurse may still choose another one.
    private void SetLevel(Acuity level)
    {
        finalAcuity = level;
        SetDisposition(DispositionText.For(level));
    }

    // A confirmation is for one pair: changing either side asks again.
    private void SetDisposition(Disposition? value)
    {
        disposition = value;
        confirmed = false;
    }

    private async Task SubmitAsync()
    {
        attempted = true;
        await form!.ValidateAsync();
        if (!form.IsValid || disposition is not { } chosen)
        {
            return;
        }
        await OnDecide.InvokeAsync(new CaseDecision(finalAcuity, Overridden ? reason?.Trim() : null, chosen, message!.Trim(), Mismatch is not null));
    }
}

/// <summary>What the nurse decided, as the form hands it over.</summary>
/// <param name="FinalAcuity">The acuity (the AI's to accept it).</param>
/// <param name="OverrideReason">Why the AI's acuity was changed; null when it was accepted.</param>
/// <param name="Disposition">What the patient should do.</param>
/// <param name="MessageToPatient">What the patient reads.</param>
/// <param name="MismatchConfirmed">True when the disposition is not the level's usual one and the nurse confirmed it.</param>
public sealed record CaseDecision(Acuity FinalAcuity, string? OverrideReason, Disposition Disposition, string MessageToPatient, bool MismatchConfirmed);
