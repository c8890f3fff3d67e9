using MedPortal.Core.Consultations.Chat;

namespace MedPortal.Tests.Core.Consultations;

public sealed class DiagnosisClaimGuardTests
{
    [Theory]
    [InlineData("You have pneumonia.")]
    [InlineData("It sounds like a migraine to me.")]
    [InlineData("This is probably appendicitis.")]
    [InlineData("you most likely have a urinary tract infection")]
    [InlineData("I would diagnose this as tonsillitis")]
    [InlineData("It's likely a sprain.")]
    [InlineData("You've got the flu.")]
    [InlineData("Thanks. You probably have strep throat, so rest.")]
    public void ClaimsDiagnosis_DiagnosticStatement_True(string text) => Assert.True(DiagnosisClaimGuard.ClaimsDiagnosis(text));

    [Theory]
    [InlineData("Do you have any allergies?")]
    [InlineData("Have you noticed a rash or a fever?")]
    [InlineData("When did this start, and is it getting worse?")]
    [InlineData("A nurse will review what you have told me.")]
    [InlineData("Do you have diabetes, asthma or heart disease?")]
    [InlineData("Thank you. Is there any chance you could be pregnant?")]
    [InlineData("Thanks for what you have told me so far. Where is the pain?")]
    [InlineData("If you have chest pain, call 911.")]
    [InlineData("Since you have had this for two days, when did the fever start?")]
    public void ClaimsDiagnosis_InterviewQuestion_False(string text) => Assert.False(DiagnosisClaimGuard.ClaimsDiagnosis(text));
}
