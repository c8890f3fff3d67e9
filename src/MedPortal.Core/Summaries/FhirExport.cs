using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using MedPortal.Core.Consultations.NurseQueue;

namespace MedPortal.Core.Summaries;

/// <summary>
/// A FHIR R4 document <c>Bundle</c> for one summary version: Composition (first), Patient, Encounter, Condition (the
/// presenting complaint, unconfirmed), Observations (triage levels, stated vital signs), AllergyIntolerance and
/// MedicationStatement. Every reference is a <c>urn:uuid:</c> that resolves inside the bundle. Only recorded facts are
/// exported: no allergy resource is made when none was recorded.
/// </summary>
public static class FhirExport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>The bundle as JSON.</summary>
    public static string BundleJson(SummaryRecord record, ClinicalSummary summary, DateTimeOffset now) =>
        JsonSerializer.Serialize(Bundle(record, summary, now), Json);

    /// <summary>Builds the bundle.</summary>
    public static FhirBundle Bundle(SummaryRecord record, ClinicalSummary summary, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(summary);
        var patientUrl = Urn(Derived(summary.Id, 1));
        var encounterUrl = Urn(record.Consultation.Id);
        var patientRef = new FhirReference(patientUrl, record.PatientName);
        var encounterRef = new FhirReference(encounterUrl, null);
        var entries = new List<FhirEntry>();
        var n = 10;

        var patient = new FhirPatient(Id(patientUrl), [new FhirIdentifier("urn:medportal:mrn", record.MedicalRecordNumber)], [new FhirHumanName(record.PatientName)],
            record.DateOfBirth?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var c = record.Consultation;
        var encounter = new FhirEncounter(Id(encounterUrl), "finished", new FhirCoding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "VR", "virtual"), patientRef,
            new FhirPeriod(Instant(c.StartedAt), c.SubmittedAt is { } s ? Instant(s) : null),
            record.Facts.ChiefComplaint is { } cc ? [new FhirCodeableConcept(null, cc)] : null);
        entries.Add(new FhirEntry(patientUrl, patient));
        entries.Add(new FhirEntry(encounterUrl, encounter));

        if (record.Facts.ChiefComplaint is { } complaint)
        {
            var url = Urn(Derived(summary.Id, n++));
            entries.Add(new FhirEntry(url, new FhirCondition(Id(url),
                new FhirCodeableConcept([new FhirCoding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "unconfirmed", "Unconfirmed")], null),
                [new FhirCodeableConcept([new FhirCoding("http://terminology.hl7.org/CodeSystem/condition-category", "encounter-diagnosis", "Encounter Diagnosis")], null)],
                new FhirCodeableConcept(null, $"Presenting complaint (patient-reported): {complaint}"), patientRef, encounterRef)));
        }
        if (record.Assessment is { } a)
        {
            var url = Urn(Derived(summary.Id, n++));
            entries.Add(new FhirEntry(url, Observation(url, "AI triage acuity (rules, raised only by a model)", DispositionText.Label(a.AiAcuity), patientRef, encounterRef, a.CreatedAt)));
        }
        if (record.Decision is { } d)
        {
            var url = Urn(Derived(summary.Id, n++));
            entries.Add(new FhirEntry(url, Observation(url, "Nurse triage acuity", DispositionText.Label(d.FinalAcuity) + (d.Overridden ? $" (override: {d.OverrideReason})" : ""), patientRef, encounterRef, d.DecidedAt)));
        }
        foreach (var (name, value) in record.Facts.Vitals)
        {
            var url = Urn(Derived(summary.Id, n++));
            entries.Add(new FhirEntry(url, Observation(url, $"{name.Replace('_', ' ')} (patient-reported)", value, patientRef, encounterRef, c.SubmittedAt ?? c.StartedAt, vital: true)));
        }
        foreach (var allergy in record.Facts.Allergies)
        {
            var url = Urn(Derived(summary.Id, n++));
            entries.Add(new FhirEntry(url, new FhirAllergyIntolerance(Id(url), new FhirCodeableConcept(null, allergy), patientRef)));
        }
        if (record.Facts.Allergies.Count == 0 && record.Facts.NoKnownAllergies)
        {
            var url = Urn(Derived(summary.Id, n++));
            entries.Add(new FhirEntry(url, new FhirAllergyIntolerance(Id(url),
                new FhirCodeableConcept([new FhirCoding("http://snomed.info/sct", "716186003", "No known allergy")], "No known allergies (patient-reported)"), patientRef)));
        }
        foreach (var medication in record.Facts.Medications)
        {
            var url = Urn(Derived(summary.Id, n++));
            entries.Add(new FhirEntry(url, new FhirMedicationStatement(Id(url), "active", new FhirCodeableConcept(null, medication), patientRef, encounterRef)));
        }

        object author;
        var authorUrl = Urn(Derived(summary.Id, 2));
        if (summary.Status == SummaryStatus.Signed)
        {
            author = new FhirPractitioner(Id(authorUrl), [new FhirHumanName(summary.SignedByName ?? "Clinician")]);
        }
        else
        {
            author = new FhirDevice(Id(authorUrl), [new FhirDeviceName(summary.Drafter, "model-name")]);
        }
        entries.Add(new FhirEntry(authorUrl, author));

        var compositionUrl = Urn(summary.Id);
        var composition = new FhirComposition(Id(compositionUrl),
            summary.Status == SummaryStatus.Signed ? "final" : "preliminary",
            new FhirCodeableConcept([new FhirCoding("http://loinc.org", "34133-9", "Summary of episode note")], "Clinical summary"),
            patientRef, encounterRef, Instant(summary.SignedAt ?? summary.UpdatedAt), [new FhirReference(authorUrl, null)],
            $"Clinical summary v{summary.Version}",
            summary.Sections.Select(s => new FhirSection(s.Title, new FhirNarrative("generated", Xhtml(s.Text)))).ToList(),
            summary.Status == SummaryStatus.Signed ? [new FhirAttester("legal", Instant(summary.SignedAt!.Value), new FhirReference(authorUrl, null))] : null);
        entries.Insert(0, new FhirEntry(compositionUrl, composition));

        return new FhirBundle(Id(Urn(Derived(summary.Id, 3))), new FhirIdentifier("urn:medportal:summary", $"{summary.Id}"), "document", Instant(now), entries);
    }

    private static FhirObservation Observation(string url, string code, string value, FhirReference subject, FhirReference encounter, DateTimeOffset at, bool vital = false) =>
        new(Id(url), "final",
            vital ? [new FhirCodeableConcept([new FhirCoding("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")], null)]
                  : [new FhirCodeableConcept([new FhirCoding("http://terminology.hl7.org/CodeSystem/observation-category", "survey", "Survey")], null)],
            new FhirCodeableConcept(null, code), subject, encounter, Instant(at), value);

    private static string Xhtml(string text) =>
        "<div xmlns=\"http://www.w3.org/1999/xhtml\">" + string.Concat(text.Split('\n').Select(line => $"<p>{WebUtility.HtmlEncode(line)}</p>")) + "</div>";

    private static string Urn(Guid id) => $"urn:uuid:{id}";

    private static string Id(string urn) => urn["urn:uuid:".Length..];

    private static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A stable id derived from the summary id, so re-exporting the same version gives the same ids.</summary>
    private static Guid Derived(Guid seed, int n)
    {
        var bytes = seed.ToByteArray();
        bytes[15] ^= (byte)n;
        bytes[14] ^= (byte)(n >> 8);
        bytes[0] ^= 0x5A;
        return new Guid(bytes);
    }
}

#pragma warning disable CS1591 // FHIR element names are documented by the FHIR R4 specification.
public sealed record FhirBundle(string Id, FhirIdentifier Identifier, string Type, string Timestamp, IReadOnlyList<FhirEntry> Entry)
{
    [JsonPropertyOrder(-1)]
    public string ResourceType => "Bundle";
}

public sealed record FhirEntry(string FullUrl, object Resource);

public sealed record FhirIdentifier(string System, string Value);

public sealed record FhirHumanName(string Text);

public sealed record FhirCoding(string System, string Code, string Display);

public sealed record FhirCodeableConcept(IReadOnlyList<FhirCoding>? Coding, string? Text);

public sealed record FhirReference(string Reference, string? Display);

public sealed record FhirPeriod(string Start, string? End);

public sealed record FhirNarrative(string Status, string Div);

public sealed record FhirPatient(string Id, IReadOnlyList<FhirIdentifier> Identifier, IReadOnlyList<FhirHumanName> Name, string? BirthDate)
{
    [JsonPropertyOrder(-1)]
    public string ResourceType => "Patient";
}

public sealed record FhirEncounter(string Id, string Status, FhirCoding Class, FhirReference Subject, FhirPeriod Period, IReadOnlyList<FhirCodeableConcept>? ReasonCode)
{
    [JsonPropertyOrder(-1)]
    public string ResourceType => "Encounter";
}

public sealed record FhirCondition(string Id, FhirCodeableConcept VerificationStatus, IReadOnlyList<FhirCodeableConcept> Category, FhirCodeableConcept Code, FhirReference Subject, FhirReference Encounter)
{
    [JsonPropertyOrder(-1)]
    public string ResourceType => "Condition";
}

public sealed record FhirObservation(string Id, string Status, IReadOnlyList<FhirCodeableConcept> Category, FhirCodeableConcept Code, FhirReference Subject, FhirReference Encounter, string EffectiveDateTime, string ValueString)
{
    [JsonPropertyOrder(-1)]
    public string ResourceType => "Observation";
}

public sealed record FhirAllergyIntolerance(string Id, FhirCodeableConcept Code, FhirReference Patient)
{
    [JsonPropertyOrder(-1)]
    public string ResourceType => "AllergyIntolerance";
}

public sealed record FhirMedicationStatement(string Id, string Status, FhirCodeableConcept MedicationCodeableConcept, FhirReference Subject, FhirReference Context)
{
    [JsonPropertyOrder(-1)]
    public string ResourceType => "MedicationStatement";
}

public sealed record FhirPractitioner(string Id, IReadOnlyList<FhirHumanName> Name)
{
    [JsonPropertyOrder(-1)]
    public string ResourceType => "Practitioner";
}

public sealed record FhirDeviceName(string Name, string Type);

public sealed record FhirDevice(string Id, IReadOnlyList<FhirDeviceName> DeviceName)
{
    [JsonPropertyOrder(-1)]
    public string ResourceType => "Device";
}

public sealed record FhirSection(string Title, FhirNarrative Text);

public sealed record FhirAttester(string Mode, string Time, FhirReference Party);

public sealed record FhirComposition(string Id, string Status, FhirCodeableConcept Type, FhirReference Subject, FhirReference Encounter, string Date, IReadOnlyList<FhirReference> Author, string Title, IReadOnlyList<FhirSection> Section, IReadOnlyList<FhirAttester>? Attester)
{
    [JsonPropertyOrder(-1)]
    public string ResourceType => "Composition";
}
#pragma warning restore CS1591
