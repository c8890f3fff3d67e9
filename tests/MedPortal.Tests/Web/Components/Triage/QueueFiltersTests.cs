using Bunit;
using MedPortal.Core.Triage;
using MedPortal.Tests.Web.Components.Chat;
using MedPortal.Web.Components.Triage;

namespace MedPortal.Tests.Web.Components.Triage;

public sealed class QueueFiltersTests : ChatTestContext
{
    private readonly List<Acuity> toggled = [];
    private readonly List<bool> crisis = [];
    private readonly List<bool> mine = [];

    private IRenderedComponent<QueueFilters> RenderFilters(IReadOnlySet<Acuity>? selected = null, int total = 7, bool crisisOnly = false) =>
        Render<QueueFilters>(p => p
            .Add(c => c.Counts, new Dictionary<Acuity, int> { [Acuity.Emergency] = 1, [Acuity.Urgent] = 4, [Acuity.SelfCare] = 2 })
            .Add(c => c.Selected, selected ?? new HashSet<Acuity>())
            .Add(c => c.Total, total)
            .Add(c => c.CrisisOnly, crisisOnly)
            .Add(c => c.OnToggleLevel, level => toggled.Add(level))
            .Add(c => c.CrisisOnlyChanged, value => crisis.Add(value))
            .Add(c => c.MineOnlyChanged, value => mine.Add(value)));

    [Fact]
    public void Chips_OnePerLevelWithItsCount_MissingLevelsZero()
    {
        var cut = RenderFilters();

        Assert.Equal(["1", "0", "4", "0", "2"], Enumerable.Range(1, 5).Select(n => cut.Find($"[data-testid=count-{n}]").GetAttribute("data-count")));
        Assert.Equal("4", cut.Find("[data-testid=count-3] .mp-count").TextContent);
        Assert.Contains("3 · Urgent (24 h)", cut.Find("[data-testid=count-3]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Chips_SelectedLevelsPressed_OthersNot()
    {
        var cut = RenderFilters(new HashSet<Acuity> { Acuity.Emergency, Acuity.SelfCare });

        Assert.Equal(["true", "false", "false", "false", "true"], Enumerable.Range(1, 5).Select(n => cut.Find($"[data-testid=count-{n}]").GetAttribute("aria-pressed")));
        Assert.True(cut.Find("[data-testid=count-1]").ClassList.Contains("mp-selected"));
        Assert.False(cut.Find("[data-testid=count-2]").ClassList.Contains("mp-selected"));
    }

    [Fact]
    public void Chip_Pressed_ReportsItsLevel()
    {
        var cut = RenderFilters();

        cut.Find("[data-testid=count-2]").Click();
        cut.Find("[data-testid=count-5]").Click();

        Assert.Equal([Acuity.EmergencyDepartment, Acuity.SelfCare], toggled);
    }

    [Fact]
    public void Checkboxes_ReportCrisisOnlyAndMyClaims()
    {
        var cut = RenderFilters(crisisOnly: true);

        Assert.True(cut.Find("[data-testid=filter-crisis]").HasAttribute("checked"));
        Assert.False(cut.Find("[data-testid=filter-mine]").HasAttribute("checked"));
        cut.Find("[data-testid=filter-crisis]").Change(false);
        cut.Find("[data-testid=filter-mine]").Change(true);

        Assert.Equal([false], crisis);
        Assert.Equal([true], mine);
    }

    [Theory]
    [InlineData(0, "0 open cases")]
    [InlineData(1, "1 open case")]
    [InlineData(7, "7 open cases")]
    public void Total_CountedInWords(int total, string text)
    {
        var cut = RenderFilters(total: total);

        Assert.Equal(text, cut.Find("[data-testid=queue-total]").TextContent);
        Assert.Equal("polite", cut.Find("[data-testid=queue-total]").GetAttribute("aria-live"));
    }
}
