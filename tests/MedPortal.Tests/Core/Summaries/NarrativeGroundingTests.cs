using MedPortal.Core.Consultations;
using MedPortal.Core.Consultations.TextMining;
using MedPortal.Core.Summaries;
using MedPortal.Tests.Infrastructure;

namespace MedPortal.Tests.Core.Summaries;

public sealed class NarrativeGroundingTests
{
    private static SummaryRecord Record(CaseFacts facts, params string[] patient)
    {
        var consultation = new Consultation { PatientId = "p" };
        var seq = 1;
        foreach (var text in patient)
        {
            consultation.Messages.Add(new ConsultationMessage { ConsultationId = consultation.Id, Sequence = seq++, Author = MessageAuthor.Patient, Content = text });
        }
        return new SummaryRecord("p", "Pat", null, consultation, null, facts, [], null, null);
    }

    [Fact]
    public void Keep_InventedNumberAllergyAndMedicine_ThoseSentencesDropped()
    {
        var record = Record(new CaseFacts(), "I have had a sore throat for 3 days", "I take ibuprofen");
        const string narrative = "The patient reports a sore throat for 3 days. Temperature was 39.5. She is allergic to penicillin. " +
                                 "She takes ibuprofen. She also takes amoxicillin.";

        var (text, dropped) = NarrativeGrounding.Keep(narrative, record);

        Assert.Equal("The patient reports a sore throat for 3 days. She takes ibuprofen.", text);
        Assert.Equal(3, dropped);
    }

    [Fact]
    public void Keep_AllergyThatWasRecorded_Kept()
    {
        var record = Record(new CaseFacts { Allergies = ["allergic to penicillin"] }, "I'm allergic to penicillin");

        var (text, dropped) = NarrativeGrounding.Keep("Allergic to penicillin.", record);

        Assert.Equal("Allergic to penicillin.", text);
        Assert.Equal(0, dropped);
    }

    [Fact]
    public async Task ModelDrafter_InventedAllergy_RemovedAndSourceSaysSo()
    {
        var consultation = new Consultation { PatientId = "p" };
        consultation.Messages.Add(new ConsultationMessage { ConsultationId = consultation.Id, Sequence = 1, Author = MessageAuthor.Patient, Content = "sore throat" });
        var record = new SummaryRecord("p", "Pat", null, consultation, null, new CaseFacts { ChiefComplaint = "sore throat" }, [], null, null);
        var model = new MedPortal.Tests.Infrastructure.ScriptedChatClient(MedPortal.Tests.Infrastructure.ScriptedChatClient.Words("Sore throat reported. Allergic to penicillin."), TimeSpan.Zero);

        var sections = await new ModelSummaryDrafter(model, "m", TestClinic.Time).DraftAsync(record, null, CancellationToken.None);

        var presenting = sections.Single(s => s.Key == SummarySections.Presenting);
        Assert.StartsWith("Sore throat reported.", presenting.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("penicillin", presenting.Text, StringComparison.Ordinal);
        Assert.Contains("1 sentence(s) the record does not support were removed", presenting.Source, StringComparison.Ordinal);
        Assert.Equal("No allergies recorded.", sections.Single(s => s.Key == SummarySections.Allergies).Text);
    }
}
