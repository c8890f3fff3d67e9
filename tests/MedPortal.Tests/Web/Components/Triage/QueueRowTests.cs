using Bunit;
using MedPortal.Core.Consultations.NurseQueue;
using MedPortal.Core.Triage;
using MedPortal.Tests.Web.Components.Chat;
using MedPortal.Web.Components.Triage;

namespace MedPortal.Tests.Web.Components.Triage;

public sealed class QueueRowTests : ChatTestContext
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    private static QueueItem Item(Acuity acuity, TimeSpan waited, bool crisis = false, AssessmentStatus status = AssessmentStatus.Waiting, string? claimedBy = null, string? complaint = "sore throat") =>
        new(Guid.NewGuid(), Guid.NewGuid(), acuity, crisis, complaint, "Ada Patient", Now - waited, status, claimedBy, 1);

    private IRenderedComponent<QueueRow> RenderRow(QueueItem item, string userId = "nurse-1") =>
        Render<QueueRow>(p => p.Add(c => c.Item, item).Add(c => c.UserId, userId).Add(c => c.Now, Now));

    [Fact]
    public void Row_LinksToTheCaseWithItsCells()
    {
        var item = Item(Acuity.Urgent, TimeSpan.FromMinutes(12));

        var row = RenderRow(item).Find("a[data-testid=queue-row]");

        Assert.Equal($"/triage/{item.AssessmentId}", row.GetAttribute("href"));
        Assert.Equal("3", row.GetAttribute("data-acuity"));
        Assert.Equal(item.ConsultationId.ToString(), row.GetAttribute("data-consultation"));
        Assert.Equal(["3 · Urgent (24 h)", "Ada Patient", "sore throat", "12 min", "waiting"], row.QuerySelectorAll("[role=cell]").Select(c => c.TextContent.Trim()));
        Assert.Empty(row.QuerySelectorAll(".mp-crisis-tag"));
    }

    [Fact]
    public void Row_CrisisAndNoComplaint_TaggedAndSaysNotStated()
    {
        var row = RenderRow(Item(Acuity.Routine, TimeSpan.Zero, crisis: true, complaint: null)).Find("a[data-testid=queue-row]");

        Assert.Equal("crisis", row.QuerySelector(".mp-crisis-tag")?.TextContent);
        Assert.Contains("not stated", row.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Acuity.Emergency, 6, true)]
    [InlineData(Acuity.Emergency, 4, false)]
    [InlineData(Acuity.Routine, 239, false)]
    [InlineData(Acuity.Routine, 241, true)]
    public void Row_PastTheLevelsReviewTarget_MarkedOverdue(Acuity acuity, int minutes, bool overdue)
    {
        var row = RenderRow(Item(acuity, TimeSpan.FromMinutes(minutes))).Find("a[data-testid=queue-row]");

        Assert.Equal(overdue, row.ClassList.Contains("mp-wait-overdue"));
        Assert.Equal(overdue ? "true" : "false", row.GetAttribute("data-overdue"));
    }

    [Theory]
    [InlineData(AssessmentStatus.Waiting, null, "waiting")]
    [InlineData(AssessmentStatus.Claimed, "nurse-1", "claimed by you")]
    [InlineData(AssessmentStatus.Claimed, "nurse-2", "claimed")]
    public void Row_Status_SaysWhoHoldsTheCase(AssessmentStatus status, string? claimedBy, string text)
    {
        var cut = RenderRow(Item(Acuity.Urgent, TimeSpan.FromMinutes(1), status: status, claimedBy: claimedBy));

        Assert.Equal(text, cut.Find("[data-testid=queue-status]").TextContent);
    }

    [Theory]
    [InlineData(0, "just now")]
    [InlineData(59, "59 min")]
    [InlineData(125, "2 h 5 min")]
    [InlineData(3 * 1440 + 4 * 60, "3 d 4 h")]
    public void Row_WaitingTime_InWords(int minutes, string text)
    {
        var cut = RenderRow(Item(Acuity.SelfCare, TimeSpan.FromMinutes(minutes)));

        Assert.Equal(text, cut.Find("[data-testid=queue-waiting]").TextContent);
    }

    [Fact]
    public void Row_TimeMovesOn_WaitingTimeFollows()
    {
        var item = Item(Acuity.Urgent, TimeSpan.FromMinutes(10));
        var cut = RenderRow(item);

        cut.Render(p => p.Add(c => c.Now, Now.AddMinutes(60)));

        Assert.Equal("1 h 10 min", cut.Find("[data-testid=queue-waiting]").TextContent);
        Assert.True(cut.Find("a[data-testid=queue-row]").ClassList.Contains("mp-wait-overdue"));
    }
}
