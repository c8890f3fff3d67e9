using System.Text.Json;
using MedPortal.Core.Consultations;
using MedPortal.Core.Consultations.NurseQueue;
using MedPortal.Core.Consultations.TextMining;
using MedPortal.Core.Summaries;
using MedPortal.Core.Triage;

namespace MedPortal.Tests.Core.Summaries;

public sealed class FhirExportTests
{
    internal static (SummaryRecord Record, ClinicalSummary Summary) Sample(bool signed, CaseFacts facts)
    {
        var consultation = new Consultation { PatientId = "patient-1", StartedAt = DateTimeOffset.Parse("2026-11-20T10:00:00Z"), SubmittedAt = DateTimeOffset.Parse("2026-11-20T10:10:00Z") };
        var assessment = new PreliminaryAssessment { PatientId = "patient-1", ConsultationId = consultation.Id, AiAcuity = Acuity.Urgent, RuleAcuity = Acuity.Urgent };
        var decision = new NurseDecision { NurseId = "nurse-1", AiAcuity = Acuity.Urgent, FinalAcuity = Acuity.EmergencyDepartment, Overridden = true, OverrideReason = "sounded worse", Disposition = Disposition.GoToEmergencyDepartment, MessageToPatient = "Go now." };
        var record = new SummaryRecord("patient-1", "Ada Example", new DateOnly(1980, 5, 17), consultation, assessment, facts, [], decision, "Nurse Example");
        var summary = new ClinicalSummary { ConsultationId = consultation.Id, PatientId = "patient-1", CreatedBy = "clinician-1", Drafter = "deterministic drafter medportal-summary/1.0", UpdatedAt = DateTimeOffset.Parse("2026-11-21T09:00:00Z") };
        summary.Sections = SummarySections.All.Select(s => new SummarySection(s.Key, s.Title, $"{s.Title} text\n<b>second line</b>", "test")).ToList();
        if (signed)
        {
            summary.Status = SummaryStatus.Signed;
            summary.SignedAt = DateTimeOffset.Parse("2026-11-21T09:30:00Z");
            summary.SignedByName = "Dr Example";
        }
        return (record, summary);
    }

    internal static readonly CaseFacts FullFacts = new()
    {
        ChiefComplaint = "chest pain",
        Medications = ["ibuprofen", "metformin"],
        Allergies = ["allergic to penicillin"],
        Vitals = new Dictionary<string, string> { ["heart_rate"] = "HR 110" },
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Bundle_EveryReferenceResolvesInsideTheBundle(bool signed)
    {
        var (record, summary) = Sample(signed, FullFacts);

        using var json = JsonDocument.Parse(FhirExport.BundleJson(record, summary, DateTimeOffset.Parse("2026-11-22T12:00:00Z")));

        var root = json.RootElement;
        Assert.Equal("Bundle", root.GetProperty("resourceType").GetString());
        Assert.Equal("document", root.GetProperty("type").GetString());
        var entries = root.GetProperty("entry").EnumerateArray().ToList();
        var fullUrls = entries.Select(e => e.GetProperty("fullUrl").GetString()!).ToHashSet();
        Assert.Equal(entries.Count, fullUrls.Count);
        var references = new List<string>();
        Collect(root, references);
        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.Contains(r, fullUrls));
        Assert.All(entries, e => Assert.Equal(e.GetProperty("fullUrl").GetString(), "urn:uuid:" + e.GetProperty("resource").GetProperty("id").GetString()));
        Assert.Equal("Composition", entries[0].GetProperty("resource").GetProperty("resourceType").GetString());
        var types = entries.Select(e => e.GetProperty("resource").GetProperty("resourceType").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "Composition", "Patient", "Encounter", "Condition", "Observation", "AllergyIntolerance", "MedicationStatement" }, types);
    }

    [Fact]
    public void Bundle_RequiredR4FieldsPresent()
    {
        var (record, summary) = Sample(true, FullFacts);

        using var json = JsonDocument.Parse(FhirExport.BundleJson(record, summary, DateTimeOffset.UtcNow));

        foreach (var resource in json.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")))
        {
            string[] required = resource.GetProperty("resourceType").GetString() switch
            {
                "Composition" => ["status", "type", "subject", "date", "author", "title", "section"],
                "Encounter" => ["status", "class"],
                "Condition" => ["subject", "code"],
                "Observation" => ["status", "code", "subject"],
                "AllergyIntolerance" => ["patient"],
                "MedicationStatement" => ["status", "medicationCodeableConcept", "subject"],
                _ => [],
            };
            Assert.All(required, field => Assert.True(resource.TryGetProperty(field, out _), $"{resource.GetProperty("resourceType")} lacks {field}"));
        }
        var composition = json.RootElement.GetProperty("entry")[0].GetProperty("resource");
        Assert.Equal("final", composition.GetProperty("status").GetString());
        var div = composition.GetProperty("section")[0].GetProperty("text").GetProperty("div").GetString()!;
        Assert.StartsWith("<div xmlns=\"http://www.w3.org/1999/xhtml\">", div, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;second line&lt;/b&gt;", div, StringComparison.Ordinal);
    }

    [Fact]
    public void Bundle_NoAllergiesRecorded_NoAllergyResourceInvented()
    {
        var (record, summary) = Sample(false, FullFacts with { Allergies = [], NoKnownAllergies = false });

        var bundle = FhirExport.Bundle(record, summary, DateTimeOffset.UtcNow);

        Assert.DoesNotContain(bundle.Entry, e => e.Resource is Hl7.Fhir.Model.AllergyIntolerance);
        Assert.Contains(bundle.Entry, e => e.Resource is Hl7.Fhir.Model.Device);
    }

    private static void Collect(JsonElement element, List<string> references)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "reference" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        references.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        Collect(property.Value, references);
                    }
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, references);
                }
                break;
        }
    }
}
