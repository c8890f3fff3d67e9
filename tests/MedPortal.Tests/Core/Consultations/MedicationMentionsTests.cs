using MedPortal.Core.Consultations.TextMining;

namespace MedPortal.Tests.Core.Consultations;

public sealed class MedicationMentionsTests
{
    [Theory]
    [InlineData("I take ibuprofen and lisinopril every day", "ibuprofen,lisinopril")]
    [InlineData("on metformin, atorvastatin and an inhaler", "metformin,atorvastatin,inhaler")]
    [InlineData("I'm allergic to penicillin", "")]
    [InlineData("I had a reaction to amoxicillin once but I take omeprazole", "omeprazole")]
    [InlineData("I don't take aspirin", "")]
    [InlineData("no medicines", "")]
    [InlineData("Ibuprofen helps a bit; ibuprofen again tonight", "ibuprofen")]
    public void Find_Mentions_TakenMedicinesOnly(string text, string expected)
    {
        var found = MedicationMentions.Find([text]);

        Assert.Equal(expected, string.Join(',', found));
    }
}
