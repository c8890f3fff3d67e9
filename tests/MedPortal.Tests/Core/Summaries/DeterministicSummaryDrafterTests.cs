using MedPortal.Core.Consultations;
using MedPortal.Core.Consultations.TextMining;
using MedPortal.Core.Summaries;
using MedPortal.Tests.Infrastructure;

namespace MedPortal.Tests.Core.Summaries;

/// <summary>Ages and times in the drafted text: whole years (months under two) and the clinic's clock, never "38.6 years" or UTC.</summary>
public sealed class DeterministicSummaryDrafterTests
{
    private static readonly DateTimeOffset StartedUtc = new(2026, 12, 4, 14, 5, 0, TimeSpan.Zero);

    private static async Task<Dictionary<string, string>> DraftAsync(DateOnly? dateOfBirth, CaseFacts facts)
    {
        var consultation = new Consultation { PatientId = "p", StartedAt = StartedUtc, SubmittedAt = StartedUtc.AddMinutes(10) };
        consultation.Messages.Add(new ConsultationMessage { ConsultationId = consultation.Id, Sequence = 1, Author = MessageAuthor.Patient, Content = "sore throat" });
        var record = new SummaryRecord("p", "Pat", dateOfBirth, consultation, null, facts, [], null, null);
        var sections = await new DeterministicSummaryDrafter(TestClinic.Time).DraftAsync(record, null, CancellationToken.None);
        return sections.ToDictionary(s => s.Key, s => s.Text);
    }

    [Fact]
    public async Task Draft_DateOfBirth_AgeInWholeYearsOnTheDayItStarted()
    {
        var text = await DraftAsync(new DateOnly(1988, 5, 20), new CaseFacts { AgeYears = 38.54 });

        Assert.Contains("\nAge: 38 years.\n", text[SummarySections.Presenting], StringComparison.Ordinal);
        Assert.Contains("Date of birth: 20 May 1988", text[SummarySections.Identifiers], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draft_InfantWithDateOfBirth_AgeInMonths()
    {
        var text = await DraftAsync(new DateOnly(2025, 1, 5), new CaseFacts());

        Assert.Contains("\nAge: 22 months.\n", text[SummarySections.Presenting], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draft_NoDateOfBirthStatedAge_SaidToBeStated()
    {
        var text = await DraftAsync(null, new CaseFacts { AgeYears = 1.5 });

        Assert.Contains("\nAge: 18 months as stated.\n", text[SummarySections.Presenting], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draft_Times_OnTheClinicClockNotUtc()
    {
        var text = await DraftAsync(null, new CaseFacts());

        Assert.Contains("started 4 Dec 2026, 09:05, sent to the nurse 4 Dec 2026, 09:15", text[SummarySections.Identifiers], StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", string.Concat(text.Values), StringComparison.Ordinal);
    }
}
