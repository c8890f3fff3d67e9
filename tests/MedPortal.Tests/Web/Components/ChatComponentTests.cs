using MedPortal.Core.Consultations;
using MedPortal.Core.Consultations.Screening;
using MedPortal.Core.Consultations.TextMining;
using MedPortal.Core.Triage;
using MedPortal.Tests.Infrastructure;
using MedPortal.Web.Components.Chat;

namespace MedPortal.Tests.Web.Components;

public sealed class ChatComponentTests
{
    private static ScreeningResult Snapshot(Acuity acuity, bool crisis, string? kind = null) =>
        new(acuity, crisis, kind, "Get help now.", [], new CaseFacts(), [], new HashSet<string>(), false, "test");

    [Fact]
    public async Task EmergencyBanner_Crisis_Shows988AndEmergencyNumber()
    {
        var html = await ComponentRenderer.RenderAsync<EmergencyBanner>(new Dictionary<string, object?> { ["Screening"] = Snapshot(Acuity.Emergency, true, "Suicide") });

        Assert.Contains("988", html, StringComparison.Ordinal);
        Assert.Contains("911", html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmergencyBanner_Abuse_AddsDomesticViolenceHotline()
    {
        var html = await ComponentRenderer.RenderAsync<EmergencyBanner>(new Dictionary<string, object?> { ["Screening"] = Snapshot(Acuity.Emergency, true, "Abuse") });

        Assert.Contains("1-800-799-7233", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmergencyBanner_MedicalEmergency_Shows911NotDiagnosis()
    {
        var html = await ComponentRenderer.RenderAsync<EmergencyBanner>(new Dictionary<string, object?> { ["Screening"] = Snapshot(Acuity.Emergency, false) });

        Assert.Contains("911", html, StringComparison.Ordinal);
        Assert.Contains("may be an emergency", html, StringComparison.Ordinal);
        Assert.DoesNotContain("988", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatMessageItem_PatientHtml_Encoded()
    {
        var message = new ConsultationMessage { Author = MessageAuthor.Patient, Content = "<script>alert(1)</script>", Sequence = 2 };

        var html = await ComponentRenderer.RenderAsync<ChatMessageItem>(new Dictionary<string, object?> { ["Message"] = message });

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatMessageItem_IncompleteReply_Marked()
    {
        var message = new ConsultationMessage { Author = MessageAuthor.Assistant, Content = "When did", State = MessageState.Incomplete };

        var html = await ComponentRenderer.RenderAsync<ChatMessageItem>(new Dictionary<string, object?> { ["Message"] = message });

        Assert.Contains("This reply is incomplete", html, StringComparison.Ordinal);
        Assert.Contains("data-state=\"Incomplete\"", html, StringComparison.Ordinal);
    }
}
