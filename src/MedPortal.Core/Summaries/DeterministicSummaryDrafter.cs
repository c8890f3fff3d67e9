using System.Globalization;
using System.Text;
using MedPortal.Core.Clinic;
using MedPortal.Core.Consultations;
using MedPortal.Core.Consultations.NurseQueue;
using MedPortal.Core.Consultations.TextMining;

namespace MedPortal.Core.Summaries;

/// <summary>
/// Writes every section from the structured record alone: each statement is a stored fact, a stored rule with its
/// evidence, or a quotation of the patient. What is missing is said to be missing ("No allergies recorded"), never guessed.
/// </summary>
/// <param name="clinicTime">Writes the times in the text, on the clinic's clock.</param>
public sealed class DeterministicSummaryDrafter(ClinicTime clinicTime) : ISummaryDrafter
{
    /// <summary>Messages scanned per progress step.</summary>
    public const int ChunkSize = 250;

    /// <inheritdoc />
    public string Name => "deterministic drafter medportal-summary/1.0";

    /// <inheritdoc />
    public async Task<IReadOnlyList<SummarySection>> DraftAsync(SummaryRecord record, IProgress<DraftProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var transcript = await ScanTranscriptAsync(record, progress, cancellationToken);
        return
        [
            Section(SummarySections.Identifiers, Identifiers(record)),
            Section(SummarySections.Presenting, Presenting(record, transcript)),
            Section(SummarySections.RedFlags, RedFlags(record)),
            Section(SummarySections.Triage, Triage(record)),
            Section(SummarySections.Medications, Listed(record.Facts.Medications, "No medications recorded.")),
            Section(SummarySections.Allergies, Allergies(record.Facts)),
            Section(SummarySections.History, Listed(record.Facts.History, "No relevant history recorded.")),
            Section(SummarySections.Plan, Plan(record)),
            Section(SummarySections.Provenance, Provenance(record)),
        ];
    }

    private SummarySection Section(string key, string text) => new(key, SummarySections.Title(key), text, Name);

    private sealed record TranscriptScan(int PatientMessages, int AssistantMessages, string? FirstWords);

    /// <summary>Reads the transcript in chunks so a very long record reports progress and can be cancelled.</summary>
    private static async Task<TranscriptScan> ScanTranscriptAsync(SummaryRecord record, IProgress<DraftProgress>? progress, CancellationToken cancellationToken)
    {
        var messages = record.Consultation.Messages;
        var total = Math.Max(1, (messages.Count + ChunkSize - 1) / ChunkSize);
        int patient = 0, assistant = 0;
        for (var chunk = 0; chunk < total; chunk++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var m in messages.Skip(chunk * ChunkSize).Take(ChunkSize))
            {
                if (m.Author == MessageAuthor.Patient)
                {
                    patient++;
                }
                else if (m.Author == MessageAuthor.Assistant)
                {
                    assistant++;
                }
            }
            progress?.Report(new DraftProgress(chunk + 1, total, $"Reading the transcript ({Math.Min(messages.Count, (chunk + 1) * ChunkSize):N0} of {messages.Count:N0} messages)"));
            await Task.Yield();
        }
        return new TranscriptScan(patient, assistant, record.PatientMessages.FirstOrDefault()?.Content);
    }

    private string Identifiers(SummaryRecord record)
    {
        var c = record.Consultation;
        return string.Join('\n',
            $"Name: {record.PatientName}",
            $"Date of birth: {(record.DateOfBirth is { } dob ? ClinicTime.FormatDate(dob) : "not recorded")}",
            $"MedPortal number: {record.MedicalRecordNumber}",
            $"Consultation: {c.Id} started {Stamp(c.StartedAt)}" + (c.SubmittedAt is { } s ? $", sent to the nurse {Stamp(s)}" : ", not sent to a nurse"));
    }

    private string Presenting(SummaryRecord record, TranscriptScan transcript)
    {
        var f = record.Facts;
        var lines = new List<string>
        {
            $"Chief complaint: {f.ChiefComplaint ?? "not stated"}.",
        };
        if (transcript.FirstWords is { } first)
        {
            lines.Add($"In the patient's words: \"{Clip(first, 400)}\"");
        }
        if (f.Onset is not null || f.Duration is not null)
        {
            lines.Add($"Onset and duration: {string.Join("; ", new[] { f.Onset, f.Duration }.Where(x => x is not null).Distinct())}.");
        }
        if (f.Severity is { } severity)
        {
            lines.Add($"Severity: {severity}/10 as rated by the patient.");
        }
        if (f.Symptoms.Count > 0)
        {
            lines.Add($"Symptoms reported: {string.Join(", ", f.Symptoms)}.");
        }
        if (f.DeniedSymptoms.Count > 0)
        {
            lines.Add($"Denied: {string.Join(", ", f.DeniedSymptoms)}.");
        }
        if (f.Vitals.Count > 0)
        {
            lines.Add($"Vital signs given by the patient: {string.Join(", ", f.Vitals.Select(v => $"{v.Key.Replace('_', ' ')} {v.Value}"))}.");
        }
        if (Age(record) is { } age)
        {
            lines.Add($"Age: {age}.");
        }
        if (f.Pregnant is true)
        {
            lines.Add("Pregnant: yes, as stated by the patient.");
        }
        lines.Add($"Transcript: {transcript.PatientMessages:N0} patient and {transcript.AssistantMessages:N0} assistant messages.");
        return string.Join('\n', lines);
    }

    private static string RedFlags(SummaryRecord record)
    {
        if (record.Assessment is null)
        {
            return "Not assessed: the consultation was not sent to a nurse.";
        }
        var escalating = record.FiredRules.Where(r => r.Acuity <= 3).ToList();
        if (escalating.Count == 0)
        {
            return "No red flags were found by the triage rules.";
        }
        return string.Join('\n', escalating.Select(r =>
            $"{r.Description} (level {r.Acuity}; {r.Source})" +
            (r.Evidence.Count == 0 ? "" : " — evidence: " + string.Join(", ", r.Evidence.Select(e => $"\"{e.Text}\"").Distinct()))));
    }

    private string Triage(SummaryRecord record)
    {
        if (record.Assessment is not { } a)
        {
            return "No preliminary assessment: the consultation was not sent to a nurse.";
        }
        var lines = new List<string>
        {
            $"AI acuity: {DispositionText.Label(a.AiAcuity)} (rules: {DispositionText.Label(a.RuleAcuity)}" +
                (a.ModelAcuity is { } m ? $"; model suggested {DispositionText.Label(m)}" : "; no model") + ")" + (a.IsCrisis ? "; crisis language detected" : "") + ".",
        };
        if (a.Rationale is { Length: > 0 } rationale)
        {
            lines.Add($"AI rationale: {rationale}");
        }
        if (record.Decision is { } d)
        {
            lines.Add($"Nurse decision: {DispositionText.Label(d.FinalAcuity)}" + (d.Overridden ? $", overriding the AI. Reason: {d.OverrideReason}" : ", accepting the AI acuity.") +
                $" Decided {Stamp(d.DecidedAt)}" + (record.NurseName is { Length: > 0 } nurse ? $" by {nurse}." : "."));
        }
        else
        {
            lines.Add("Nurse decision: not yet reviewed by a nurse.");
        }
        return string.Join('\n', lines);
    }

    private static string Allergies(CaseFacts facts) =>
        facts.Allergies.Count > 0 ? string.Join('\n', facts.Allergies)
        : facts.NoKnownAllergies ? "No known allergies, as stated by the patient."
        : "No allergies recorded.";

    private static string Listed(IReadOnlyList<string> items, string none) => items.Count > 0 ? string.Join('\n', items) : none;

    private static string Plan(SummaryRecord record) => record.Decision is { } d
        ? $"{DispositionText.Title(d.Disposition)}.\nMessage sent to the patient: \"{d.MessageToPatient}\""
        : "No disposition yet: awaiting nurse review.";

    private string Provenance(SummaryRecord record)
    {
        var lines = new StringBuilder();
        lines.Append(CultureInfo.InvariantCulture, $"Sections drafted by the {Name} from the stored record; a clinician must review and sign.");
        if (record.Assessment is { } a)
        {
            lines.Append(CultureInfo.InvariantCulture, $"\nTriage assessment: {a.Provenance}.");
        }
        return lines.ToString();
    }

    private string Stamp(DateTimeOffset at) => clinicTime.Format(at);

    // The recorded date of birth beats an age the patient typed; either is given as it was when the consultation began.
    private string? Age(SummaryRecord record)
    {
        var startedOn = clinicTime.DateOf(record.Consultation.StartedAt);
        return record.DateOfBirth is { } dob && dob <= startedOn ? PatientAge.Describe(dob, startedOn)
            : record.Facts.AgeYears is { } stated ? PatientAge.Describe(stated) + " as stated"
            : null;
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
