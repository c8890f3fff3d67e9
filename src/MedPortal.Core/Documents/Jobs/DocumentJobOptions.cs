using System.ComponentModel.DataAnnotations;

namespace MedPortal.Core.Documents.Jobs;

/// <summary>The document job workers (configuration section <c>DocumentJobs</c>).</summary>
public sealed class DocumentJobOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DocumentJobs";

    /// <summary>Jobs this instance runs at once. Reading text is CPU work: more workers than cores only makes each slower.</summary>
    [Range(1, 32, ErrorMessage = "DocumentJobs:Workers must be between 1 and 32 (jobs run at once on this instance).")]
    public int Workers { get; set; } = 2;

    /// <summary>How long a running job stays its worker's without a heartbeat; after that another worker takes it over.</summary>
    [Range(5, 3600, ErrorMessage = "DocumentJobs:LeaseSeconds must be between 5 and 3600.")]
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>How often a running job's worker renews its lease (and looks whether someone asked it to stop).</summary>
    [Range(1, 600, ErrorMessage = "DocumentJobs:HeartbeatSeconds must be between 1 and 600.")]
    public int HeartbeatSeconds { get; set; } = 10;

    /// <summary>Runs a job gets when its worker keeps dying under it; after that it fails and its document is quarantined.</summary>
    [Range(1, 20, ErrorMessage = "DocumentJobs:MaxAttempts must be between 1 and 20.")]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How often an idle worker looks at the queue when nothing woke it (jobs queued by another instance).</summary>
    [Range(1, 300, ErrorMessage = "DocumentJobs:PollSeconds must be between 1 and 300.")]
    public int PollSeconds { get; set; } = 5;

    /// <summary>Least time between two progress writes of one job (0: every change of the percentage).</summary>
    [Range(0, 60_000, ErrorMessage = "DocumentJobs:ProgressIntervalMilliseconds must be between 0 and 60000.")]
    public int ProgressIntervalMilliseconds { get; set; } = 250;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HeartbeatSeconds * 2 > LeaseSeconds)
        {
            yield return new ValidationResult(
                $"DocumentJobs:HeartbeatSeconds ({HeartbeatSeconds}) must be at most half of DocumentJobs:LeaseSeconds ({LeaseSeconds}), or a busy worker loses its jobs to others.",
                [nameof(HeartbeatSeconds), nameof(LeaseSeconds)]);
        }
    }
}
