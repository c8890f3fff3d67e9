using MedPortal.Core.Triage;

namespace MedPortal.Tests.Triage;

public sealed class TriageExtractionTests
{
    private static readonly TriageEngine Engine = TriageEngine.CreateDefault();

    [Theory]
    [InlineData("A 45-year-old man with a cough.", 45.0, "years")]
    [InlineData("My 6-week-old baby has a rash.", 6.0, "weeks")]
    [InlineData("An 18 month old with a fever.", 18.0, "months")]
    [InlineData("A 10-day-old infant is jaundiced.", 10.0, "days")]
    [InlineData("I'm 34 and have a sore throat.", 34.0, "years")]
    [InlineData("72 yo female with dizziness.", 72.0, "years")]
    [InlineData("A six-month-old boy has a cough.", 6.0, "months")]
    [InlineData("My father is 70. He has a cough.", 70.0, "years")]
    [InlineData("She's 8 and has a rash on her legs.", 8.0, "years")]
    public void Assess_StatedAge_IsExtractedWithUnit(string text, double value, string unit)
    {
        var age = Engine.Assess(text).Case.Age;

        Assert.NotNull(age);
        Assert.Equal(value, age.Value);
        Assert.Equal(unit, age.Unit);
        Assert.Equal(text.Substring(age.Evidence.Start, age.Evidence.Length), age.Evidence.Text);
    }

    [Theory]
    [InlineData("His pulse is 70 and he has a cough.")]
    [InlineData("She is 37.5 and shivering.")]
    [InlineData("He is 80 kg and has a cough.")]
    [InlineData("My temperature is 38 and I have a cough.")]
    public void Assess_NumberAfterIsThatIsNotAnAge_NoAge(string text)
    {
        Assert.Null(Engine.Assess(text).Case.Age);
    }

    [Fact]
    public void Assess_PregnancyWeeks_NotReadAsAgeOrDuration()
    {
        var c = Engine.Assess("I'm 34 weeks pregnant with a headache.").Case;

        Assert.Null(c.Age);
        Assert.True(c.Pregnant);
        Assert.Empty(c.Durations);
    }

    [Fact]
    public void Assess_Vignette_ExtractsVitalsDurationSeveritySexAndHistory()
    {
        var c = Engine.Assess(
            "A 52-year-old woman with a history of diabetes, on warfarin, allergic to penicillin, has had 8/10 abdominal pain for 3 days. " +
            "HR 112, BP 100/60, RR 22, SpO2 95%, temp 38.4 C. No chest pain.").Case;

        Assert.Equal("female", c.Sex);
        Assert.Equal(72.0, Assert.Single(c.Durations).Value);
        Assert.Contains(c.Severities, s => s.Value == 8);
        Assert.Contains(c.Vitals, v => v.Name == "heart_rate" && v.Value == 112);
        Assert.Contains(c.Vitals, v => v.Name == "systolic_bp" && v.Value == 100);
        Assert.Contains(c.Vitals, v => v.Name == "diastolic_bp" && v.Value == 60);
        Assert.Contains(c.Vitals, v => v.Name == "respiratory_rate" && v.Value == 22);
        Assert.Contains(c.Vitals, v => v.Name == "spo2" && v.Value == 95);
        Assert.Contains(c.Vitals, v => v.Name == "temperature" && Math.Abs(v.Value - 38.4) < 0.01);
        Assert.Contains(c.History, f => f.ConceptId == "diabetes");
        Assert.Contains(c.Medications, f => f.ConceptId == "anticoagulant");
        Assert.Contains("penicillin", Assert.Single(c.Allergies).Text, StringComparison.Ordinal);
        Assert.Equal("abdominal_pain", c.ChiefComplaint?.ConceptId);
        Assert.Contains(c.Findings, f => f.ConceptId == "chest_pain" && f.Status == FindingStatus.Negated);
    }

    [Fact]
    public void Assess_FahrenheitTemperature_IsConvertedAndCountsAsFever()
    {
        var result = Engine.Assess("Temperature 102.2 F and a cough.");

        Assert.Contains(result.Case.Vitals, v => v.Name == "temperature" && Math.Abs(v.Value - 39.0) < 0.01);
        Assert.Contains(result.Case.Findings, f => f.ConceptId == "fever" && f.Status == FindingStatus.Present);
    }

    [Theory]
    [InlineData("My baby is 5 weeks old, 38.1 on the thermometer.", 38.1)]
    [InlineData("The thermometer says 101.3 and she has a cough.", 38.5)]
    public void Assess_ThermometerReadingWithoutUnit_IsATemperature(string text, double celsius)
    {
        var result = Engine.Assess(text);

        Assert.Contains(result.Case.Vitals, v => v.Name == "temperature" && Math.Abs(v.Value - celsius) < 0.01);
        Assert.Contains(result.Case.Findings, f => f.ConceptId == "fever" && f.Status == FindingStatus.Present);
    }

    [Theory]
    [InlineData("BP 128/84, HR 76, RR 16, T 97˚F.", 36.11)]
    [InlineData("HR 110, T 38.9, SpO2 97%.", 38.9)]
    [InlineData("temp. 101.4 F, HR 96", 38.56)]
    [InlineData("T 39.2 °C", 39.2)]
    public void Assess_ClinicalTemperatureNotation_IsReadOnceInCelsius(string text, double celsius)
    {
        var temperatures = Engine.Assess(text).Case.Vitals.Where(v => v.Name == "temperature").ToList();

        var t = Assert.Single(temperatures);
        Assert.Equal(celsius, t.Value, precision: 2);
    }

    [Theory]
    [InlineData("T 12 weeks pregnant")]
    [InlineData("T 45-year-old man")]
    [InlineData("T 120/80")]
    public void Assess_BareTBeforeANonTemperature_IsNoTemperature(string text)
    {
        Assert.DoesNotContain(Engine.Assess(text).Case.Vitals, v => v.Name == "temperature");
    }

    [Fact]
    public void Assess_SuddenOnset_IsRecorded()
    {
        var c = Engine.Assess("Sudden onset of weakness in my left arm.").Case;

        Assert.Equal("sudden_onset", c.Onset?.ConceptId);
    }

    [Fact]
    public void Assess_ChestPainWithoutDetails_AsksAboutRadiation()
    {
        var result = Engine.Assess("A 30-year-old with chest pain.");

        Assert.Contains(result.MissingInformation, q => q.Key == "red_flag.chest_pain.radiation");
    }

    [Fact]
    public void Assess_Result_CarriesEngineVersion()
    {
        var result = Engine.Assess("cough");

        Assert.StartsWith("medportal-triage/", result.EngineVersion, StringComparison.Ordinal);
        Assert.Equal(Engine.Version, result.EngineVersion);
    }
}
