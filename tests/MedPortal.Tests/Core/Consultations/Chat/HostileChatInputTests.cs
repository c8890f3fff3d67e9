using FsCheck;
using FsCheck.Fluent;
using MedPortal.Core.Consultations.Chat;
using MedPortal.Core.Data;
using MedPortal.Core.Triage;
using MedPortal.Tests.Infrastructure;

namespace MedPortal.Tests.Core.Consultations.Chat;

/// <summary>
/// 400 generated hostile messages through the real chat turn (protocol mode, real PostgreSQL): none crashes the turn,
/// each is stored once as typed (trimmed; NUL and unpaired surrogates, which PostgreSQL text cannot hold, dropped or
/// replaced) or refused with a reason,
/// and noise around a red-flag phrase never lowers the triage below the clean phrase's level.
/// </summary>
public sealed class HostileChatInputTests(ConsultationFixture fixture) : IClassFixture<ConsultationFixture>
{
    private const int Conversations = 40;
    private const int MessagesEach = 10;

    private static readonly TriageEngine Engine = TriageEngine.CreateDefault();

    [Fact]
    public async Task Run_FourHundredHostileMessages_StoredAsTypedOrRefusedAndTriageNeverLowered()
    {
        // Gen.Sample(generator, how many, seed, size).
        var samples = Gen.Sample(HostileText.Samples(ChatLimits.MaxMessageLength), Conversations * MessagesEach, new Rnd(20261204UL, 1357UL), 50);
        Assert.Equal(Conversations * MessagesEach, samples.Length);
        var answer = fixture.NewAnswer();
        var problems = new List<string>();

        for (var c = 0; c < Conversations; c++)
        {
            var patient = await fixture.NewPatientAsync();
            var consultation = await fixture.Assistant.StartAsync(patient);
            foreach (var sample in samples.Skip(c * MessagesEach).Take(MessagesEach))
            {
                var clientId = Guid.NewGuid();
                var updates = new List<ChatTurnUpdate>();
                await foreach (var update in answer.RunAsync(patient, consultation.Id, clientId, sample.Text))
                {
                    updates.Add(update);
                }
                Check(sample, updates, problems);
            }

            var stored = await fixture.MessagesAsync(consultation.Id);
            var sequences = stored.Select(m => m.Sequence).ToList();
            if (!sequences.SequenceEqual(sequences.Order()) || sequences.Distinct().Count() != sequences.Count)
            {
                problems.Add($"conversation {c}: message sequence out of order or repeated");
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} problems:\n{string.Join("\n", problems.Take(20))}");
    }

    private static void Check(HostileText.Sample sample, List<ChatTurnUpdate> updates, List<string> problems)
    {
        if (updates.OfType<TurnFailed>().FirstOrDefault() is { } failed)
        {
            problems.Add($"turn failed ({failed.Kind}: {failed.Message}) for {sample}");
            return;
        }

        var typed = sample.Text.Trim();
        if (updates.OfType<PatientMessageRejected>().FirstOrDefault() is { } rejected)
        {
            var mayRefuse = typed.Length == 0 || typed.Length > ChatLimits.MaxMessageLength;
            if (!mayRefuse || string.IsNullOrWhiteSpace(rejected.Reason))
            {
                problems.Add($"refused ({rejected.Reason}) for {sample}");
            }
            return;
        }

        if (updates.OfType<PatientMessageStored>().SingleOrDefault() is not { } stored)
        {
            problems.Add($"neither stored once nor refused for {sample}");
            return;
        }
        if (stored.Message.Content != StorableText.Clean(typed))
        {
            problems.Add($"stored text differs from what was typed for {sample}");
        }

        if (sample.RedFlag is { } flag)
        {
            var clean = Engine.Assess(flag);
            var screening = updates.OfType<ScreeningUpdated>().LastOrDefault()?.Screening;
            if (screening is null || screening.Acuity > clean.Acuity)
            {
                problems.Add($"triage {screening?.Acuity.ToString() ?? "missing"}, the clean phrase alone is {clean.Acuity}, for {sample}");
            }
            if (clean.IsCrisis && screening is { IsCrisis: false })
            {
                problems.Add($"crisis not detected for {sample}");
            }
        }
    }
}
