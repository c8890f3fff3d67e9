namespace MedPortal.Core.Identity;

/// <summary>
/// Display names for the people on one page, read once by <see cref="PeopleDirectory"/>. Asking for anyone else gives a
/// neutral label, never the raw id: an id is not something a person can read.
/// </summary>
public sealed class PersonNames
{
    /// <summary>Shown for a deleted or unknown account.</summary>
    public const string FormerUser = "Former user";

    /// <summary>Shown for the portal's own actions.</summary>
    public const string System = "MedPortal (automatic)";

    /// <summary>Shown for actions before sign-in.</summary>
    public const string Anonymous = "Not signed in";

    private readonly IReadOnlyDictionary<string, string> names;

    /// <summary>Names by user id.</summary>
    public PersonNames(IReadOnlyDictionary<string, string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        this.names = names;
    }

    /// <summary>No names: everyone reads as <see cref="FormerUser"/>.</summary>
    public static PersonNames None { get; } = new(new Dictionary<string, string>());

    /// <summary>The name of <paramref name="userId"/>, or null when it is not known (for wording of one's own, e.g. "a nurse").</summary>
    public string? Find(string? userId) =>
        userId is not null && names.TryGetValue(userId, out var name) && !string.IsNullOrWhiteSpace(name) ? name : null;

    /// <summary>The name of <paramref name="userId"/>, or a neutral label.</summary>
    public string Of(string? userId) => userId switch
    {
        null or "" => FormerUser,
        "system" => System,
        "anonymous" => Anonymous,
        _ => names.TryGetValue(userId, out var name) && !string.IsNullOrWhiteSpace(name) ? name : FormerUser,
    };
}
