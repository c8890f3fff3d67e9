using MedPortal.Core.Notifications;

namespace MedPortal.Tests.Core.Notifications;

public sealed class EmailTemplateTests
{
    private static readonly Uri Link = new("https://portal.clinic.example/x?token=abc");

    public static TheoryData<string> Kinds => new() { "confirm", "reset", "invite", "care", "overdue" };

    private static EmailTemplate Make(string kind) => kind switch
    {
        "confirm" => EmailTemplate.ConfirmAccount(Link),
        "reset" => EmailTemplate.ResetPassword(Link),
        "invite" => EmailTemplate.InviteStaff(Link, "Nurse"),
        "care" => EmailTemplate.CareTeamMessage(Link),
        _ => EmailTemplate.ReviewOverdue(Link, 3),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Template_Any_CarriesTheLinkTheEmergencyPathAndNoHealthWords(string kind)
    {
        var t = Make(kind);

        Assert.Contains(Link.AbsoluteUri, t.Body, StringComparison.Ordinal);
        Assert.Contains("emergency number", t.Body, StringComparison.Ordinal);
        Assert.Contains("no health information", t.Body, StringComparison.Ordinal);
        foreach (var word in new[] { "acuity", "diagnos", "symptom", "triage level", "pain", "chest" })
        {
            Assert.DoesNotContain(word, t.Subject + t.Body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Template_RelativeOrScriptLink_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => EmailTemplate.CareTeamMessage(new Uri("/consultations", UriKind.Relative)));
        Assert.Throws<ArgumentException>(() => EmailTemplate.CareTeamMessage(new Uri("javascript:alert(1)")));
    }

    [Fact]
    public void InviteStaff_UnknownRole_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => EmailTemplate.InviteStaff(Link, "Patient"));
    }
}
