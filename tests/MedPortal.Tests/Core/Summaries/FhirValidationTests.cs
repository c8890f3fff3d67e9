using Firely.Fhir.Validation;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using MedPortal.Core.Consultations.TextMining;
using MedPortal.Core.Summaries;
using R4Model = Hl7.Fhir.Model;

namespace MedPortal.Tests.Core.Summaries;

/// <summary>
/// Every export shape validated offline against the FHIR R4 core profiles with Firely's validator (the specification
/// zip ships in Hl7.Fhir.Specification.Data.R4). The export is serialised and read back first, as a receiver would.
/// </summary>
public sealed class FhirValidationTests
{
    // Building the validator reads the specification zip (~5 s the first time): once for the class.
    private static readonly Lazy<Validator> R4 = new(() =>
    {
        var resolver = new CachedResolver(ZipSource.CreateValidationSource()).AsAsync();
        return new Validator(resolver, LocalTerminologyService.CreateDefaultForCore(resolver));
    });

    public static TheoryData<bool, string> Shapes() => new()
    {
        { true, "full" },
        { false, "full" },
        { true, "no allergies recorded" },
        { false, "no known allergies" },
        { true, "nothing extracted" },
    };

    private static CaseFacts Facts(string shape) => shape switch
    {
        "full" => FhirExportTests.FullFacts,
        "no allergies recorded" => FhirExportTests.FullFacts with { Allergies = [], NoKnownAllergies = false },
        "no known allergies" => FhirExportTests.FullFacts with { Allergies = [], NoKnownAllergies = true },
        _ => new CaseFacts(),
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Export_EveryShape_ValidR4WithNoErrors(bool signed, string shape)
    {
        var (record, summary) = FhirExportTests.Sample(signed, Facts(shape));
        var json = FhirExport.BundleJson(record, summary, DateTimeOffset.Parse("2026-11-22T12:00:00Z"));

        var outcome = R4.Value.Validate(new FhirJsonDeserializer().Deserialize<R4Model.Bundle>(json));

        var errors = outcome.Issue.Where(i => i.Severity is R4Model.OperationOutcome.IssueSeverity.Error or R4Model.OperationOutcome.IssueSeverity.Fatal).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Details?.Text} at {string.Join(",", e.Expression ?? [])}")));
    }

    [Fact]
    public void Validate_CompositionWithoutTypeOrSubject_Errors()
    {
        var (record, summary) = FhirExportTests.Sample(true, FhirExportTests.FullFacts);
        var bundle = FhirExport.Bundle(record, summary, DateTimeOffset.UtcNow);
        var composition = Assert.IsType<R4Model.Composition>(bundle.Entry[0].Resource);
        composition.Type = null!;
        composition.Title = null!;

        var outcome = R4.Value.Validate(bundle);

        Assert.True(outcome.Errors > 0, "a composition without its required type and title must not validate");
    }

    [Fact]
    public void BundleJson_RoundTrip_SameEntriesAndReferencesResolve()
    {
        var (record, summary) = FhirExportTests.Sample(true, FhirExportTests.FullFacts);

        var bundle = new FhirJsonDeserializer().Deserialize<R4Model.Bundle>(FhirExport.BundleJson(record, summary, DateTimeOffset.UtcNow));

        Assert.Equal(R4Model.Bundle.BundleType.Document, bundle.Type);
        Assert.IsType<R4Model.Composition>(bundle.Entry[0].Resource);
        var urls = bundle.Entry.Select(e => e.FullUrl).ToHashSet();
        var composition = Assert.IsType<R4Model.Composition>(bundle.Entry[0].Resource);
        Assert.Contains(composition.Subject!.Reference, urls);
        Assert.All(composition.Author, a => Assert.Contains(a.Reference, urls));
    }
}
