using System.Text.Json;
using System.Text.Json.Serialization;

namespace MedPortal.Core.Triage;

/// <summary>Canonical JSON for a <see cref="TriageResult"/>: fixed property order, enums as names, invariant numbers.</summary>
public static class TriageResultJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Serialises the result. Equal results give byte-identical output.</summary>
    /// <param name="result">The result.</param>
    /// <returns>Indented JSON.</returns>
    public static string Serialize(TriageResult result) => JsonSerializer.Serialize(result, Options);
}
