using MedPortal.Core.Audit;
using MedPortal.Core.Consultations.Chat;
using MedPortal.Core.Consultations.NurseQueue;
using MedPortal.Core.Identity;
using MedPortal.Core.Triage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MedPortal.Tests.Infrastructure;

/// <summary>Cases made through the app's own services, as the demo patient and a nurse, for tests that need decided cases.</summary>
/// <param name="app">The app.</param>
/// <param name="nurse">The deciding nurse; by default a new nurse id with no account.</param>
public sealed class DemoCases(MedPortalApp app, AuditActor? nurse = null)
{
    public AuditActor Nurse { get; } = nurse ?? new(Guid.NewGuid().ToString(), Roles.Nurse, "127.0.0.1");

    /// <summary>A demo account as an actor (its name is in the database).</summary>
    public static async Task<AuditActor> DemoActorAsync(MedPortalApp app, string role)
    {
        await using var db = app.CreateDb();
        var id = await db.Users.Where(u => u.NormalizedEmail == AccountClient.DemoEmail(role).ToUpperInvariant()).Select(u => u.Id).SingleAsync();
        return new AuditActor(id, role, "127.0.0.1");
    }

    private ConsultationAssistant Assistant => app.Services.GetRequiredService<ConsultationAssistant>();

    private NurseReview Nurses => app.Services.GetRequiredService<NurseReview>();

    public Task<AuditActor> PatientAsync() => DemoActorAsync(app, Roles.Patient);

    /// <summary>The demo patient says <paramref name="text"/> and submits it to the nurse queue.</summary>
    public async Task<PreliminaryAssessment> SubmitAsync(string text)
    {
        var patient = await PatientAsync();
        var consultation = await Assistant.StartAsync(patient);
        await Assistant.AcceptAsync(patient, consultation.Id, Guid.NewGuid(), text);
        return await Assistant.SubmitAsync(patient, consultation.Id, model: null);
    }

    /// <summary>The demo patient says <paramref name="text"/> and submits; the nurse claims and decides with <paramref name="final"/>'s level.</summary>
    /// <returns>The assessment and the nurse's decision.</returns>
    public async Task<(PreliminaryAssessment Assessment, NurseDecision Decision)> SubmitAndDecideAsync(string text, Func<Acuity, Acuity> final, string message = "See the advice above.")
    {
        var assessment = await SubmitAsync(text);
        var version = await Nurses.ClaimAsync(Nurse, assessment.Id, assessment.Version);
        var level = final(assessment.AiAcuity);
        var decision = await Nurses.DecideAsync(Nurse, new DecisionInput(assessment.Id, version, level,
            level == assessment.AiAcuity ? null : "Clinical judgement on the phone.", DispositionText.For(level), message));
        return (assessment, decision);
    }
}
