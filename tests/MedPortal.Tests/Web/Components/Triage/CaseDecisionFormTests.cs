using Bunit;
using MedPortal.Core.Consultations.NurseQueue;
using MedPortal.Core.Triage;
using MedPortal.Tests.Web.Components.Chat;
using MedPortal.Web.Components.Triage;

namespace MedPortal.Tests.Web.Components.Triage;

public sealed class CaseDecisionFormTests : ChatTestContext
{
    private readonly List<CaseDecision> decided = [];

    private IRenderedComponent<CaseDecisionForm> RenderForm(Acuity ai, string? error = null, bool busy = false) =>
        Render<CaseDecisionForm>(p => p
            .Add(c => c.AiAcuity, ai)
            .Add(c => c.OnDecide, d => decided.Add(d))
            .Add(c => c.Error, error)
            .Add(c => c.Busy, busy));

    private static void Level(IRenderedComponent<CaseDecisionForm> cut, Acuity level) => cut.Find($"input[data-testid=level-{(int)level}]").Click();

    private static void Choose(IRenderedComponent<CaseDecisionForm> cut, Disposition disposition) => cut.Find($"input[data-testid=disposition-{disposition}]").Click();

    private static void Write(IRenderedComponent<CaseDecisionForm> cut, string field, string text) => cut.Find($"textarea[data-testid={field}]").Input(text);

    private static void Send(IRenderedComponent<CaseDecisionForm> cut) => cut.Find("button[data-testid=decide]").Click();

    private static string[] Problems(IRenderedComponent<CaseDecisionForm> cut) =>
        [.. cut.FindAll("[data-testid=decision-problem]").Select(e => e.TextContent.Trim())];

    [Fact]
    public void Send_OverrideWithoutReason_RefusedUntilAReasonIsGiven()
    {
        var cut = RenderForm(Acuity.Urgent);
        Level(cut, Acuity.Routine);
        Write(cut, "patient-message", "Please book an appointment this week.");

        Send(cut);

        Assert.Empty(decided);
        Assert.Equal([DecisionRules.OverrideReasonProblem(Acuity.Urgent, Acuity.Routine, null)!], Problems(cut));

        Write(cut, "override-reason", "Symptoms for a week, no red flags on the phone.");
        Send(cut);

        var decision = Assert.Single(decided);
        Assert.Equal(new CaseDecision(Acuity.Routine, "Symptoms for a week, no red flags on the phone.", Disposition.BookRoutineAppointment, "Please book an appointment this week.", MismatchConfirmed: false), decision);
        Assert.Empty(cut.FindAll("[data-testid=decision-error]"));
    }

    [Fact]
    public void Send_NothingFilledIn_ListsEveryProblemAtOnce()
    {
        var cut = RenderForm(Acuity.Urgent);

        Send(cut);

        Assert.Empty(decided);
        Assert.Equal(new HashSet<string> { DecisionRules.MissingDisposition, DecisionRules.MessageProblem(null)! }, Problems(cut).ToHashSet());
        // Each field says its own problem too, beside it.
        Assert.Equal(Problems(cut).ToHashSet(), cut.FindAll("div.mud-input-helper-text.mud-input-error").Select(e => e.TextContent.Trim()).ToHashSet());
    }

    [Fact]
    public void Send_OverrideMismatchAndNoMessage_ListsAllThreeProblems()
    {
        var cut = RenderForm(Acuity.Urgent);
        Level(cut, Acuity.Routine);
        Choose(cut, Disposition.SeeClinicianWithin24Hours);

        Send(cut);

        Assert.Empty(decided);
        Assert.Equal(new HashSet<string>
        {
            DecisionRules.OverrideReasonProblem(Acuity.Urgent, Acuity.Routine, null)!,
            DispositionMismatch.Unconfirmed,
            DecisionRules.MessageProblem(null)!,
        }, Problems(cut).ToHashSet());
    }

    [Fact]
    public void Mismatch_RoutineWith24Hours_WarnsAndSendsOnlyOnceConfirmed()
    {
        var cut = RenderForm(Acuity.Routine);
        Choose(cut, Disposition.SeeClinicianWithin24Hours);
        Write(cut, "patient-message", "Please see a clinician within 24 hours.");

        var warning = cut.Find("[data-testid=mismatch-warning]");
        Assert.Equal(DecisionRules.Mismatch(Acuity.Routine, Disposition.SeeClinicianWithin24Hours)!.Message, warning.TextContent.Trim());
        Send(cut);
        Assert.Empty(decided);
        Assert.Equal([DispositionMismatch.Unconfirmed], Problems(cut));

        cut.Find("input[data-testid=confirm-mismatch]").Change(true);
        Send(cut);

        Assert.Equal(new CaseDecision(Acuity.Routine, null, Disposition.SeeClinicianWithin24Hours, "Please see a clinician within 24 hours.", MismatchConfirmed: true), Assert.Single(decided));
    }

    [Fact]
    public void Mismatch_EmergencyWithSelfCare_WarnsThePatientWouldWait()
    {
        var cut = RenderForm(Acuity.Emergency);

        Choose(cut, Disposition.SelfCare);

        Assert.Contains("less urgent", cut.Find("[data-testid=mismatch-warning]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Mismatch_PairChangedAfterConfirming_AsksAgain()
    {
        var cut = RenderForm(Acuity.EmergencyDepartment);
        Choose(cut, Disposition.SelfCare);
        cut.Find("input[data-testid=confirm-mismatch]").Change(true);

        Choose(cut, Disposition.BookRoutineAppointment);
        Write(cut, "patient-message", "Book an appointment.");
        Send(cut);

        Assert.Empty(decided);
        Assert.Equal([DispositionMismatch.Unconfirmed], Problems(cut));
    }

    [Fact]
    public void Level_ChosenAgain_ProposesItsUsualDispositionWithoutWarning()
    {
        var cut = RenderForm(Acuity.SelfCare);
        Level(cut, Acuity.Urgent);
        Level(cut, Acuity.SelfCare);
        Write(cut, "patient-message", "Rest, fluids, and watch for a rash.");

        Assert.Empty(cut.FindAll("[data-testid=mismatch-warning]"));
        Assert.Empty(cut.FindAll("[data-testid=override-reason]"));
        Send(cut);

        Assert.Equal(new CaseDecision(Acuity.SelfCare, null, Disposition.SelfCare, "Rest, fluids, and watch for a rash.", MismatchConfirmed: false), Assert.Single(decided));
    }

    [Fact]
    public void ServiceError_ShownInTheProblemList()
    {
        var cut = RenderForm(Acuity.Urgent, error: "This case changed since you opened it.");

        Assert.Equal(["This case changed since you opened it."], Problems(cut));
        Assert.Equal("alert", cut.Find("[data-testid=decision-error]").GetAttribute("role"));
    }

    [Fact]
    public void Busy_BothButtonsDisabled()
    {
        var cut = RenderForm(Acuity.Urgent, busy: true);

        Assert.True(cut.Find("button[data-testid=decide]").HasAttribute("disabled"));
        Assert.True(cut.Find("button[data-testid=release]").HasAttribute("disabled"));
    }
}
