using System.Text;
using MedPortal.Core.Consultations;
using Microsoft.Extensions.AI;

namespace MedPortal.Core.Summaries;

/// <summary>
/// With a model ready: the narrative of the presenting complaint is drafted by the model, map-reduce over the transcript
/// (each chunk summarised, then the partial summaries combined), at summary priority. Every other section, and the
/// structured facts under the narrative, come from the <see cref="DeterministicSummaryDrafter"/>, so medications,
/// allergies and history are never the model's words.
/// </summary>
/// <param name="model">The chat model.</param>
/// <param name="modelName">The model's name, recorded as the narrative's source.</param>
/// <param name="clinicTime">Writes the times in the structured sections.</param>
public sealed class ModelSummaryDrafter(IChatClient model, string modelName, Clinic.ClinicTime clinicTime) : ISummaryDrafter
{
    /// <summary>Messages per map step.</summary>
    public const int MapChunk = 60;

    private readonly DeterministicSummaryDrafter facts = new(clinicTime);

    /// <inheritdoc />
    public string Name => $"model {modelName} (narrative) + {facts.Name}";

    /// <inheritdoc />
    public async Task<IReadOnlyList<SummarySection>> DraftAsync(SummaryRecord record, IProgress<DraftProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var sections = (await facts.DraftAsync(record, null, cancellationToken)).ToList();
        var chunks = record.Consultation.Messages.Where(m => m.Author != MessageAuthor.Nurse).Chunk(MapChunk).ToList();
        var total = chunks.Count + 1;
        var partials = new List<string>();
        for (var i = 0; i < chunks.Count; i++)
        {
            progress?.Report(new DraftProgress(i, total, $"Summarising part {i + 1} of {chunks.Count}"));
            partials.Add(await AskAsync(MapPrompt, Transcript(chunks[i]), cancellationToken));
        }
        progress?.Report(new DraftProgress(chunks.Count, total, "Combining the parts"));
        var narrative = partials.Count == 1 ? partials[0] : await AskAsync(ReducePrompt, string.Join("\n\n", partials), cancellationToken);
        progress?.Report(new DraftProgress(total, total, "Done"));

        var index = sections.FindIndex(s => s.Key == SummarySections.Presenting);
        var structured = sections[index].Text;
        var (grounded, dropped) = NarrativeGrounding.Keep(narrative, record);
        var note = dropped == 0 ? "" : $"; {dropped} sentence(s) the record does not support were removed";
        sections[index] = sections[index] with
        {
            Text = grounded.Length == 0 ? structured : $"{grounded}\n\nStructured data: {structured.Replace("\n", " ", StringComparison.Ordinal)}",
            Source = $"model {modelName} (narrative, map-reduce over {chunks.Count} part(s){note}); structured data by {facts.Name}",
        };
        var provenance = sections.FindIndex(s => s.Key == SummarySections.Provenance);
        sections[provenance] = sections[provenance] with
        {
            Text = $"Narrative of the presenting complaint drafted by model {modelName}; all other sections by the {facts.Name}. A clinician must review and sign.\n" +
                   sections[provenance].Text.Split('\n', 2).ElementAtOrDefault(1),
            Source = Name,
        };
        return sections;
    }

    private const string MapPrompt =
        "You summarise part of a pre-screening chat for a clinician. Write 2–4 plain sentences on what the patient reported: " +
        "symptoms, timing, severity, what they denied. Use only what is written. Do not diagnose, do not add facts, do not give advice.";

    private const string ReducePrompt =
        "Combine these partial summaries of one pre-screening chat into one history of the presenting complaint for a clinician, " +
        "at most 6 sentences. Use only what they say. Do not diagnose, do not add facts.";

    private async Task<string> AskAsync(string system, string content, CancellationToken cancellationToken)
    {
        var response = await model.GetResponseAsync(
            [new ChatMessage(ChatRole.System, system), new ChatMessage(ChatRole.User, content)],
            new ChatOptions { Temperature = 0.2f, MaxOutputTokens = 300, AdditionalProperties = new() { ["medportal.priority"] = "Summary" } },
            cancellationToken);
        return response.Text;
    }

    private static string Transcript(IEnumerable<ConsultationMessage> messages)
    {
        var text = new StringBuilder();
        foreach (var m in messages)
        {
            text.Append(m.Author == MessageAuthor.Patient ? "Patient: " : "Assistant: ").AppendLine(m.Content);
        }
        return text.ToString();
    }
}
