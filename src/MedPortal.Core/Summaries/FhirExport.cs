using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using MedPortal.Core.Consultations.NurseQueue;

namespace MedPortal.Core.Summaries;

/// <summary>
/// A FHIR R4 document <c>Bundle</c> for one summary version, built with the Firely SDK's R4 model: Composition (first),
/// Patient, Encounter, Condition (the presenting complaint, unconfirmed), Observations (triage levels, stated vital
/// signs), AllergyIntolerance and MedicationStatement, and the author (the signing Practitioner, or the drafting
/// Device). Every reference is a <c>urn:uuid:</c> that resolves inside the bundle. Only recorded facts are exported: no
/// allergy resource is made when none was recorded.
/// </summary>
public static class FhirExport
{
    private static readonly FhirJsonSerializer Serializer = new();

    /// <summary>The bundle as FHIR JSON.</summary>
    public static string BundleJson(SummaryRecord record, ClinicalSummary summary, DateTimeOffset now) =>
        Serializer.SerializeToString(Bundle(record, summary, now), pretty: true);

    /// <summary>Builds the bundle.</summary>
    public static Bundle Bundle(SummaryRecord record, ClinicalSummary summary, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(summary);
        var entries = new List<(Guid Id, Resource Resource)>();
        var n = 10;
        Guid Next() => Derived(summary.Id, n++);

        var patientId = Derived(summary.Id, 1);
        var patientRef = new ResourceReference(Urn(patientId), record.PatientName);
        var c = record.Consultation;
        var encounterRef = new ResourceReference(Urn(c.Id));

        entries.Add((patientId, new Patient
        {
            Identifier = [new Identifier("urn:medportal:mrn", record.MedicalRecordNumber)],
            Name = [new HumanName { Text = record.PatientName }],
            BirthDate = record.DateOfBirth?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }));
        entries.Add((c.Id, new Encounter
        {
            Status = Encounter.EncounterStatus.Finished,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "VR", "virtual"),
            Subject = patientRef,
            Period = new Period(new FhirDateTime(c.StartedAt.ToUniversalTime()), c.SubmittedAt is { } s ? new FhirDateTime(s.ToUniversalTime()) : null),
            ReasonCode = record.Facts.ChiefComplaint is { } cc ? [new CodeableConcept { Text = cc }] : [],
        }));

        if (record.Facts.ChiefComplaint is { } complaint)
        {
            entries.Add((Next(), new Condition
            {
                VerificationStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "unconfirmed", "Unconfirmed"),
                Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-category", "encounter-diagnosis", "Encounter Diagnosis")],
                Code = new CodeableConcept { Text = $"Presenting complaint (patient-reported): {complaint}" },
                Subject = patientRef,
                Encounter = encounterRef,
            }));
        }
        if (record.Assessment is { } a)
        {
            entries.Add((Next(), Observation("AI triage acuity (rules, raised only by a model)", DispositionText.Label(a.AiAcuity), patientRef, encounterRef, a.CreatedAt, vital: false)));
        }
        if (record.Decision is { } d)
        {
            var value = DispositionText.Label(d.FinalAcuity) + (d.Overridden ? $" (override: {d.OverrideReason})" : "");
            entries.Add((Next(), Observation("Nurse triage acuity", value, patientRef, encounterRef, d.DecidedAt, vital: false)));
        }
        foreach (var (name, value) in record.Facts.Vitals)
        {
            entries.Add((Next(), Observation($"{name.Replace('_', ' ')} (patient-reported)", value, patientRef, encounterRef, c.SubmittedAt ?? c.StartedAt, vital: true)));
        }
        foreach (var allergy in record.Facts.Allergies)
        {
            entries.Add((Next(), Allergy(new CodeableConcept { Text = allergy }, patientRef)));
        }
        if (record.Facts.Allergies.Count == 0 && record.Facts.NoKnownAllergies)
        {
            var none = new CodeableConcept("http://snomed.info/sct", "716186003", "No known allergy", "No known allergies (patient-reported)");
            entries.Add((Next(), Allergy(none, patientRef)));
        }
        foreach (var medication in record.Facts.Medications)
        {
            entries.Add((Next(), new MedicationStatement
            {
                Status = MedicationStatement.MedicationStatusCodes.Active,
                Medication = new CodeableConcept { Text = medication },
                Subject = patientRef,
                Context = encounterRef,
            }));
        }

        var authorId = Derived(summary.Id, 2);
        var signed = summary.Status == SummaryStatus.Signed;
        entries.Add((authorId, signed
            ? new Practitioner { Name = [new HumanName { Text = summary.SignedByName ?? "Clinician" }] }
            : new Device { DeviceName = [new Device.DeviceNameComponent { Name = summary.Drafter, Type = DeviceNameType.ModelName }] }));

        var composition = new Composition
        {
            Status = signed ? CompositionStatus.Final : CompositionStatus.Preliminary,
            Type = new CodeableConcept("http://loinc.org", "34133-9", "Summary of episode note", "Clinical summary"),
            Subject = patientRef,
            Encounter = encounterRef,
            DateElement = new FhirDateTime((summary.SignedAt ?? summary.UpdatedAt).ToUniversalTime()),
            Author = [new ResourceReference(Urn(authorId))],
            Title = $"Clinical summary v{summary.Version}",
            Section = summary.Sections.Select(section => new Composition.SectionComponent
            {
                Title = section.Title,
                Text = new Narrative { Status = Narrative.NarrativeStatus.Generated, Div = Xhtml(section.Text) },
            }).ToList(),
        };
        if (signed)
        {
            composition.Attester =
            [
                new Composition.AttesterComponent
                {
                    Mode = Composition.CompositionAttestationMode.Legal,
                    TimeElement = new FhirDateTime(summary.SignedAt!.Value.ToUniversalTime()),
                    Party = new ResourceReference(Urn(authorId)),
                },
            ];
        }
        entries.Insert(0, (summary.Id, composition));

        var bundle = new Bundle
        {
            Id = Derived(summary.Id, 3).ToString(),
            Identifier = new Identifier("urn:medportal:summary", summary.Id.ToString()),
            Type = Hl7.Fhir.Model.Bundle.BundleType.Document,
            TimestampElement = new Instant(now.ToUniversalTime()),
        };
        foreach (var (id, resource) in entries)
        {
            resource.Id = id.ToString();
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = Urn(id), Resource = resource });
        }
        return bundle;
    }

    private static Observation Observation(string code, string value, ResourceReference subject, ResourceReference encounter, DateTimeOffset at, bool vital) => new()
    {
        Status = ObservationStatus.Final,
        Category = [vital
            ? new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs", "Vital Signs")
            : new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "survey", "Survey")],
        Code = new CodeableConcept { Text = code },
        Subject = subject,
        Encounter = encounter,
        Effective = new FhirDateTime(at.ToUniversalTime()),
        Value = new FhirString(value),
    };

    // Patient-reported: active and unconfirmed (ait-1 requires a clinical status unless entered in error).
    private static AllergyIntolerance Allergy(CodeableConcept code, ResourceReference patient) => new()
    {
        ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", "Active"),
        VerificationStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "unconfirmed", "Unconfirmed"),
        Code = code,
        Patient = patient,
    };

    private static string Xhtml(string text) =>
        "<div xmlns=\"http://www.w3.org/1999/xhtml\">" + string.Concat(text.Split('\n').Select(line => $"<p>{WebUtility.HtmlEncode(line)}</p>")) + "</div>";

    private static string Urn(Guid id) => $"urn:uuid:{id}";

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
