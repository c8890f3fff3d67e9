using MedPortal.Core.Consultations.NurseQueue;
using MedPortal.Core.Live;

namespace MedPortal.Web.Components.Triage;

/// <summary>
/// Escalations on every nurse page: cases waiting past their review target, live across instances, until a nurse
/// acknowledges them. Shows the most urgent five and how many more.
/// </summary>
public partial class ReviewAlerts : IDisposable
{
    private OpenReviewAlerts? alerts;
    private IDisposable? subscription;
    private Guid? busy;
    private string? error;

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        if (!RendererInfo.IsInteractive)
        {
            return;
        }

        subscription = Live.Subscribe(OnLiveEventAsync);
        await LoadAsync();
    }

    private async Task LoadAsync() => alerts = await Escalation.OpenAsync(await Actor.GetAsync());

    private Task OnLiveEventAsync(LiveEvent e)
    {
        // A raise or acknowledgement anywhere, and a decision (its alert is then moot), refresh the list.
        if (e.Kind is LiveEventKinds.ReviewAlertRaised or LiveEventKinds.ReviewAlertAcknowledged || (e.Kind == LiveEventKinds.AssessmentChanged && alerts is { Total: > 0 }))
        {
            return InvokeAsync(async () =>
            {
                try
                {
                    await LoadAsync();
                    StateHasChanged();
                }
                catch (Exception ex)
                {
                    await DispatchExceptionAsync(ex);
                }
            });
        }

        return Task.CompletedTask;
    }

    private async Task AcknowledgeAsync(OpenReviewAlert alert)
    {
        busy = alert.Id;
        error = null;
        try
        {
            await Escalation.AcknowledgeAsync(await Actor.GetAsync(), alert.Id);
            await LoadAsync();
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            error = "The alert could not be acknowledged just now (the database did not answer). Try again.";
        }
        finally
        {
            busy = null;
        }
    }

    private string Describe(OpenReviewAlert alert)
    {
        var waited = Clock.GetUtcNow() - alert.CaseCreatedAt;
        var minutes = Math.Max(1, (int)waited.TotalMinutes);
        var time = minutes < 120 ? $"{minutes} min" : $"{minutes / 60} h";
        return alert.Reason == ReviewAlertReason.Unclaimed
            ? $"not claimed, waiting {time}"
            : $"claimed but not decided, waiting {time}";
    }

    /// <inheritdoc />
    public void Dispose() => subscription?.Dispose();
}
