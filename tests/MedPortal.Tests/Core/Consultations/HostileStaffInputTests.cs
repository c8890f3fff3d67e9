using FsCheck;
using FsCheck.Fluent;
using MedPortal.Core.Consultations.NurseQueue;
using MedPortal.Core.Data;
using MedPortal.Core.Identity;
using MedPortal.Core.Summaries;
using MedPortal.Core.Triage;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Tests.Core.Consultations;

/// <summary>
/// Generated hostile text in what staff type, against the real PostgreSQL: 60 nurse decisions (override reason and
/// message to the patient) and 140 summary section edits. Each is saved as typed (trimmed; NUL and unpaired surrogates
/// made storable) or refused with a reason; nothing throws anything else.
/// </summary>
public sealed class HostileStaffInputTests(ConsultationFixture fixture) : IClassFixture<ConsultationFixture>
{
    [Fact]
    public async Task Decide_SixtyHostileReasonsAndMessages_SavedAsTypedOrRefused()
    {
        var texts = Gen.Sample(HostileText.Samples(NurseReview.MaxMessageLength).Select(s => s.Text), 120, new Rnd(31UL, 5UL), 50);
        var problems = new List<string>();

        for (var i = 0; i < 60; i++)
        {
            var assessment = await fixture.SubmittedCaseAsync("I have had a cough for two days");
            var nurse = ConsultationFixture.NewNurse();
            var version = await fixture.Nurses.ClaimAsync(nurse, assessment.Id, assessment.Version);
            var (reason, message) = (texts[2 * i], texts[(2 * i) + 1]);
            try
            {
                await fixture.Nurses.DecideAsync(nurse, new DecisionInput(assessment.Id, version, Acuity.EmergencyDepartment, reason, Disposition.GoToEmergencyDepartment, message, MismatchConfirmed: true));
            }
            catch (DecisionInputException ex)
            {
                if (string.IsNullOrWhiteSpace(ex.Message) || (reason.Trim().Length is > 0 and <= NurseReview.MaxReasonLength && message.Trim().Length is > 0 and <= NurseReview.MaxMessageLength))
                {
                    problems.Add($"decision {i} refused: {ex.Message}");
                }
                continue;
            }
            catch (Exception ex)
            {
                problems.Add($"decision {i}: {ex.GetType().Name}");
                continue;
            }

            await using var db = await fixture.Contexts.CreateDbContextAsync();
            var decision = await db.Decisions.SingleAsync(d => d.AssessmentId == assessment.Id);
            if (decision.OverrideReason != Storable(reason) || decision.MessageToPatient != Storable(message))
            {
                problems.Add($"decision {i}: not stored as typed");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    [Fact]
    public async Task Edit_HundredFortyHostileSections_SavedAsTypedOrRefused()
    {
        var texts = Gen.Sample(HostileText.Samples(SummaryService.MaxSectionLength).Select(s => s.Text), 140, new Rnd(37UL, 9UL), 50);
        var clinician = new MedPortal.Core.Audit.AuditActor(Guid.NewGuid().ToString(), Roles.Clinician, "127.0.0.1");
        var patient = await fixture.NewPatientAsync(new DateOnly(1970, 1, 2));
        var consultation = await fixture.Assistant.StartAsync(patient);
        await fixture.Assistant.AcceptAsync(patient, consultation.Id, Guid.NewGuid(), "my knee is sore after a fall");
        await fixture.Assistant.SubmitAsync(patient, consultation.Id, model: null);
        var summary = await fixture.Summaries.DraftAsync(clinician, consultation.Id, new DeterministicSummaryDrafter(TestClinic.Time));
        var problems = new List<string>();

        foreach (var (text, i) in texts.Select((t, i) => (t, i)))
        {
            try
            {
                summary = await fixture.Summaries.EditAsync(clinician, summary.Id, summary.RowVersion, SummarySections.Plan, text);
            }
            catch (SummaryException ex)
            {
                if (text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim().Length <= SummaryService.MaxSectionLength)
                {
                    problems.Add($"edit {i} refused: {ex.Message}");
                }
                continue;
            }
            catch (Exception ex)
            {
                problems.Add($"edit {i}: {ex.GetType().Name}");
                continue;
            }

            var reloaded = await fixture.Summaries.GetAsync(clinician, summary.Id);
            if (reloaded!.Sections.Single(s => s.Key == SummarySections.Plan).Text != Storable(text.Replace("\r\n", "\n", StringComparison.Ordinal)))
            {
                problems.Add($"edit {i}: not stored as typed");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
    }

    private static string Storable(string typed) => StorableText.Clean(typed.Trim());
}
