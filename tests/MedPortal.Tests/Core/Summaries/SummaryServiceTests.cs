using MedPortal.Core.Audit;
using MedPortal.Core.Identity;
using MedPortal.Core.Summaries;
using MedPortal.Tests.Core.Consultations;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace MedPortal.Tests.Core.Summaries;

public sealed class SummaryServiceTests(ConsultationFixture fixture) : IClassFixture<ConsultationFixture>
{
    private static AuditActor NewClinician() => new(Guid.NewGuid().ToString(), Roles.Clinician, "127.0.0.1");

    private async Task<Guid> ConsultationAsync(params string[] patientMessages)
    {
        var patient = await fixture.NewPatientAsync(new DateOnly(1980, 5, 17));
        var consultation = await fixture.Assistant.StartAsync(patient);
        foreach (var text in patientMessages)
        {
            await fixture.Assistant.AcceptAsync(patient, consultation.Id, Guid.NewGuid(), text);
        }
        await fixture.Assistant.SubmitAsync(patient, consultation.Id, model: null);
        return consultation.Id;
    }

    [Fact]
    public async Task Draft_RecordWithoutAllergies_SaysNoneRecordedAndInventsNothing()
    {
        var id = await ConsultationAsync("I have had a sore throat for 3 days, about 4/10. I take ibuprofen.");

        var summary = await fixture.Summaries.DraftAsync(NewClinician(), id, new DeterministicSummaryDrafter(TestClinic.Time));

        var sections = summary.Sections.ToDictionary(s => s.Key);
        Assert.Equal(SummarySections.All.Select(s => s.Key), summary.Sections.Select(s => s.Key));
        Assert.Equal("No allergies recorded.", sections[SummarySections.Allergies].Text);
        Assert.Contains("ibuprofen", sections[SummarySections.Medications].Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("No relevant history recorded.", sections[SummarySections.History].Text);
        Assert.Contains("Date of birth: 17 May 1980", sections[SummarySections.Identifiers].Text, StringComparison.Ordinal);
        Assert.Matches(@"\nAge: \d+ years\.\n", sections[SummarySections.Presenting].Text);
        Assert.Contains("not yet reviewed by a nurse", sections[SummarySections.Triage].Text, StringComparison.Ordinal);
        Assert.All(summary.Sections, s => Assert.Equal(new DeterministicSummaryDrafter(TestClinic.Time).Name, s.Source));
        Assert.StartsWith("deterministic drafter", summary.Drafter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draft_RedFlagRecord_EvidenceQuotedFromThePatient()
    {
        var id = await ConsultationAsync("crushing chest pain spreading to my left arm and I am sweating");

        var summary = await fixture.Summaries.DraftAsync(NewClinician(), id, new DeterministicSummaryDrafter(TestClinic.Time));

        var redFlags = summary.Sections.Single(s => s.Key == SummarySections.RedFlags).Text;
        Assert.Contains("evidence:", redFlags, StringComparison.Ordinal);
        Assert.Contains("chest pain", redFlags, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignThenEdit_NewDraftVersionAndSignedVersionUnchanged()
    {
        var id = await ConsultationAsync("my ankle hurts after a fall");
        var clinician = NewClinician();
        var v1 = await fixture.Summaries.DraftAsync(clinician, id, new DeterministicSummaryDrafter(TestClinic.Time));
        var edited = await fixture.Summaries.EditAsync(clinician, v1.Id, v1.RowVersion, SummarySections.Plan, "Ankle X-ray if unable to bear weight.");
        var signed = await fixture.Summaries.SignAsync(clinician, "Dr Test", edited.Id, edited.RowVersion);

        var v2 = await fixture.Summaries.EditAsync(clinician, signed.Id, signed.RowVersion, SummarySections.Plan, "Review in one week.");

        Assert.Equal(v1.Id, edited.Id);
        Assert.Equal(2, v2.Version);
        Assert.Equal(SummaryStatus.Draft, v2.Status);
        var versions = await fixture.Summaries.VersionsAsync(clinician, id);
        Assert.Equal([2, 1], versions.Select(v => v.Version));
        var locked = versions.Single(v => v.Version == 1);
        Assert.Equal(SummaryStatus.Signed, locked.Status);
        Assert.Equal("Dr Test", locked.SignedByName);
        Assert.Equal("Ankle X-ray if unable to bear weight.", locked.Sections.Single(s => s.Key == SummarySections.Plan).Text);
        var plan = locked.Sections.Single(s => s.Key == SummarySections.Plan);
        Assert.Equal(SummarySection.EditedByClinician, plan.Source);
        Assert.Equal(clinician.UserId, plan.EditedBy);
        Assert.NotNull(plan.EditedAt);
    }

    [Fact]
    public void Sections_SavedWithTheEditorsIdInTheSource_ReadBackAsEditor()
    {
        var summary = new ClinicalSummary { PatientId = "p", CreatedBy = "c" };
        summary.SectionsJson = """[{"key":"plan","title":"Disposition and plan","text":"Rest.","source":"edited by clinician 7457cdaa-1111-2222-3333-444455556666"}]""";

        var plan = summary.Sections.Single();

        Assert.Equal(SummarySection.EditedByClinician, plan.Source);
        Assert.Equal("7457cdaa-1111-2222-3333-444455556666", plan.EditedBy);
        Assert.Contains("7457cdaa-1111-2222-3333-444455556666", summary.PeopleIds);
    }

    [Fact]
    public async Task Sign_TwoCliniciansAtOnce_OneWinsOtherToldWhoSigned()
    {
        var id = await ConsultationAsync("rash on my arm");
        var draft = await fixture.Summaries.DraftAsync(NewClinician(), id, new DeterministicSummaryDrafter(TestClinic.Time));
        var clinicians = new[] { (NewClinician(), "Dr A"), (NewClinician(), "Dr B") };

        var outcomes = await Task.WhenAll(clinicians.Select(c => Task.Run(async () =>
        {
            try
            {
                await fixture.Summaries.SignAsync(c.Item1, c.Item2, draft.Id, draft.RowVersion);
                return null;
            }
            catch (SummaryConflictException conflict)
            {
                return conflict.Message;
            }
        })));

        Assert.Single(outcomes, o => o is null);
        Assert.Matches("Already signed by Dr [AB]|at the same moment|since you opened it", Assert.Single(outcomes, o => o is not null)!);
    }

    [Fact]
    public async Task Database_SignedVersion_CannotBeUpdatedEvenBySql()
    {
        var id = await ConsultationAsync("cough for a week");
        var clinician = NewClinician();
        var draft = await fixture.Summaries.DraftAsync(clinician, id, new DeterministicSummaryDrafter(TestClinic.Time));
        await fixture.Summaries.SignAsync(clinician, "Dr Lock", draft.Id, draft.RowVersion);
        await using var db = await fixture.Contexts.CreateDbContextAsync();

        var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            db.Database.ExecuteSqlAsync($"UPDATE clinical_summaries SET drafter = 'tampered' WHERE id = {draft.Id}"));

        Assert.Contains("is signed and cannot change", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_StaleRowVersion_ConflictAndNothingLost()
    {
        var id = await ConsultationAsync("earache");
        var clinician = NewClinician();
        var draft = await fixture.Summaries.DraftAsync(clinician, id, new DeterministicSummaryDrafter(TestClinic.Time));
        await fixture.Summaries.EditAsync(clinician, draft.Id, draft.RowVersion, SummarySections.Plan, "First edit.");

        var error = await Assert.ThrowsAsync<SummaryConflictException>(() =>
            fixture.Summaries.EditAsync(NewClinician(), draft.Id, draft.RowVersion, SummarySections.Plan, "Second edit from an old page."));

        Assert.Contains("changed this summary since you opened it", error.Message, StringComparison.Ordinal);
        var current = (await fixture.Summaries.VersionsAsync(clinician, id)).Single();
        Assert.Equal("First edit.", current.Sections.Single(s => s.Key == SummarySections.Plan).Text);
    }

    [Fact]
    public async Task Draft_FiveThousandMessages_SummaryProducedWithProgress()
    {
        var id = await ConsultationAsync("headache since yesterday");
        await using (var db = await fixture.Contexts.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO consultation_messages (id, consultation_id, seq, author, content, created_at, state)
                SELECT gen_random_uuid(), {id}, 1000 + g, CASE WHEN g % 2 = 0 THEN 'Patient' ELSE 'Assistant' END, 'message number ' || g, now(), 'Complete'
                FROM generate_series(1, 5000) g
                """);
        }
        var reports = new List<DraftProgress>();
        var progress = new SynchronousProgress<DraftProgress>(reports.Add);

        var summary = await fixture.Summaries.DraftAsync(NewClinician(), id, new DeterministicSummaryDrafter(TestClinic.Time), progress);

        Assert.True(reports.Count >= 20, $"{reports.Count} progress reports");
        Assert.Equal(100, reports[^1].Percent);
        Assert.Contains("2,501 patient", summary.Sections.Single(s => s.Key == SummarySections.Presenting).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelDrafter_LongRecord_MapReduceNarrativeOtherSectionsFromTheRecord()
    {
        var id = await ConsultationAsync("I have a sore throat and I am allergic to penicillin");
        await using (var db = await fixture.Contexts.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO consultation_messages (id, consultation_id, seq, author, content, created_at, state)
                SELECT gen_random_uuid(), {id}, 1000 + g, 'Patient', 'still sore ' || g, now(), 'Complete' FROM generate_series(1, 150) g
                """);
        }
        var model = new ScriptedChatClient(ScriptedChatClient.Words("The patient reports a sore throat."), TimeSpan.Zero);
        var reports = new List<DraftProgress>();

        var summary = await fixture.Summaries.DraftAsync(NewClinician(), id, new ModelSummaryDrafter(model, "test-model", TestClinic.Time), new SynchronousProgress<DraftProgress>(reports.Add));

        Assert.Equal(4, model.Calls);
        var presenting = summary.Sections.Single(s => s.Key == SummarySections.Presenting);
        Assert.StartsWith("The patient reports a sore throat.", presenting.Text, StringComparison.Ordinal);
        Assert.Contains("map-reduce over 3 part(s)", presenting.Source, StringComparison.Ordinal);
        Assert.Contains("penicillin", summary.Sections.Single(s => s.Key == SummarySections.Allergies).Text, StringComparison.Ordinal);
        Assert.StartsWith("deterministic drafter", summary.Sections.Single(s => s.Key == SummarySections.Allergies).Source, StringComparison.Ordinal);
        Assert.Contains(reports, r => r.Stage == "Combining the parts");
    }

    [Fact]
    public async Task Draft_Cancelled_NothingSaved()
    {
        var id = await ConsultationAsync("back pain");
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fixture.Summaries.DraftAsync(NewClinician(), id, new DeterministicSummaryDrafter(TestClinic.Time), cancellationToken: cancel.Token));

        await using var db = await fixture.Contexts.CreateDbContextAsync();
        Assert.False(await db.Summaries.AnyAsync(s => s.ConsultationId == id));
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
