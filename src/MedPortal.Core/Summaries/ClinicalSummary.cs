using System.Text.Json;

namespace MedPortal.Core.Summaries;

/// <summary>
/// One version of a clinician summary of a consultation. Drafts are edited in place; signing locks the version, and a
/// later edit creates the next version. Earlier versions stay readable.
/// </summary>
public sealed class ClinicalSummary
{
    /// <summary>Identity of this version.</summary>
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The consultation it summarises.</summary>
    public Guid ConsultationId { get; set; }

    /// <summary>The patient (for access checks and the identifiers).</summary>
    public required string PatientId { get; set; }

    /// <summary>1 for the first draft, then one more for each version made after a signature.</summary>
    public int Version { get; set; } = 1;

    /// <summary>Draft or signed.</summary>
    public SummaryStatus Status { get; set; } = SummaryStatus.Draft;

    /// <summary>The sections as JSON (see <see cref="Sections"/>).</summary>
    public string SectionsJson { get; set; } = "[]";

    /// <summary>Which drafter wrote the first text of this summary, e.g. "deterministic medportal-summary/1.0".</summary>
    public string Drafter { get; set; } = "";

    /// <summary>When this version was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Who created this version (user id).</summary>
    public required string CreatedBy { get; set; }

    /// <summary>When it was last edited.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When it was signed, or null for a draft.</summary>
    public DateTimeOffset? SignedAt { get; set; }

    /// <summary>The signing clinician's user id.</summary>
    public string? SignedBy { get; set; }

    /// <summary>The signing clinician's name as printed.</summary>
    public string? SignedByName { get; set; }

    /// <summary>The people this version names (creator, signer, editors), for one name look-up.</summary>
    public IEnumerable<string> PeopleIds =>
        new[] { CreatedBy, SignedBy }.Concat(Sections.Select(s => s.EditedBy)).Where(id => id is not null).Select(id => id!);

    /// <summary>Optimistic concurrency: bumped on every change.</summary>
    public int RowVersion { get; set; }

    /// <summary>The sections, in order.</summary>
    public IReadOnlyList<SummarySection> Sections
    {
        get => (JsonSerializer.Deserialize<List<SummarySection>>(SectionsJson, JsonOptions) ?? []).Select(SummarySection.Upgrade).ToList();
        set => SectionsJson = JsonSerializer.Serialize(value, JsonOptions);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>Draft or signed.</summary>
public enum SummaryStatus
{
    /// <summary>Editable; printed with a DRAFT watermark.</summary>
    Draft,

    /// <summary>Locked; carries the clinician's signature.</summary>
    Signed,
}

/// <summary>One section of a summary.</summary>
/// <param name="Key">Stable key, e.g. <c>allergies</c>.</param>
/// <param name="Title">The heading as printed.</param>
/// <param name="Text">Plain text; lines are separated by <c>\n</c>.</param>
/// <param name="Source">Who wrote it: the drafter (with version) or <see cref="SummarySection.EditedByClinician"/>.</param>
/// <param name="EditedBy">The user id of the clinician who last edited it, or null when the drafter's text stands.</param>
/// <param name="EditedAt">When it was last edited.</param>
public sealed record SummarySection(string Key, string Title, string Text, string Source, string? EditedBy = null, DateTimeOffset? EditedAt = null)
{
    /// <summary>The <see cref="Source"/> of a section a clinician changed (who and when are in <see cref="EditedBy"/> and <see cref="EditedAt"/>).</summary>
    public const string EditedByClinician = "edited by clinician";

    /// <summary>
    /// Versions saved before <see cref="EditedBy"/> existed wrote the editor's id into the source text
    /// ("edited by clinician 7457cdaa-…"): read it back as an id, so it is shown as a name.
    /// </summary>
    internal static SummarySection Upgrade(SummarySection section) =>
        section.EditedBy is null && section.Source.StartsWith(EditedByClinician + " ", StringComparison.Ordinal)
            ? section with { Source = EditedByClinician, EditedBy = section.Source[(EditedByClinician.Length + 1)..].Trim() }
            : section;
}
