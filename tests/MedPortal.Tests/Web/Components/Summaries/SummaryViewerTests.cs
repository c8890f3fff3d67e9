using Bunit;
using MedPortal.Core.Identity;
using MedPortal.Core.Summaries;
using MedPortal.Tests.Infrastructure;
using MedPortal.Web.Components.Summaries;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace MedPortal.Tests.Web.Components.Summaries;

/// <summary>The one summary view, on screen and in print: watermark, sections, and who did what when, by name on the clinic's clock.</summary>
public sealed class SummaryViewerTests : BunitContext, IAsyncLifetime
{
    private const string ClinicianId = "7457cdaa-1111-2222-3333-444455556666";
    private const string EditorId = "0d9b6c1e-aaaa-bbbb-cccc-ddddeeeeffff";
    private static readonly DateTimeOffset CreatedUtc = new(2026, 12, 4, 14, 5, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset EditedUtc = new(2026, 12, 4, 15, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SignedUtc = new(2026, 12, 4, 16, 45, 0, TimeSpan.Zero);

    private static readonly PersonNames Names = new(new Dictionary<string, string>
    {
        [ClinicianId] = "Dr. Cal Clinician",
        [EditorId] = "Dr. Erin Editor",
    });

    public SummaryViewerTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(TestClinic.Time);
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private static ClinicalSummary Summary(SummaryStatus status = SummaryStatus.Draft)
    {
        var summary = new ClinicalSummary
        {
            PatientId = "patient-1",
            CreatedBy = ClinicianId,
            CreatedAt = CreatedUtc,
            UpdatedAt = EditedUtc,
            Drafter = "deterministic drafter medportal-summary/1.0",
            Status = status,
            Sections = SummarySections.All.Select(s => s.Key == SummarySections.Plan
                ? new SummarySection(s.Key, s.Title, "Rest.\nFluids.", SummarySection.EditedByClinician, EditorId, EditedUtc)
                : new SummarySection(s.Key, s.Title, $"Text of {s.Key}.", "deterministic drafter medportal-summary/1.0")).ToList(),
        };
        if (status == SummaryStatus.Signed)
        {
            (summary.SignedAt, summary.SignedBy, summary.SignedByName) = (SignedUtc, ClinicianId, "Dr. Cal Clinician");
        }
        return summary;
    }

    private static readonly RenderFragment<SummarySection> EditButtons = s => b => b.AddMarkupContent(0, $"<button data-testid=\"edit-{s.Key}\">Edit</button>");

    private IRenderedComponent<SummaryViewer> RenderViewer(ClinicalSummary summary, bool print = false, PersonNames? names = null, RenderFragment<SummarySection>? tools = null) =>
        Render<SummaryViewer>(p => p
            .Add(c => c.Summary, summary)
            .Add(c => c.Names, names ?? Names)
            .Add(c => c.IdentifierLine, "Pat Demo · DOB 20 May 1988 · MRN MP-1234567890")
            .Add(c => c.Print, print)
            .Add(c => c.SectionTools, tools));

    [Fact]
    public void Print_Draft_DraftWatermarkTextAndUnsignedFooter()
    {
        var cut = RenderViewer(Summary(), print: true);

        Assert.Equal("DRAFT", cut.Find(".mp-watermark").TextContent);
        Assert.Equal("Draft", cut.Find("[data-testid=summary-viewer]").GetAttribute("data-status"));
        Assert.Contains("Unsigned draft.", cut.Find("[data-testid=signature]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Screen_Draft_WatermarkDrawnByCssNotAsText()
    {
        var cut = RenderViewer(Summary());

        var watermark = cut.Find(".mp-watermark");
        Assert.Contains("mp-watermark-screen", watermark.ClassList);
        Assert.Equal("", watermark.TextContent);
        Assert.Equal("true", watermark.GetAttribute("aria-hidden"));
    }

    [Fact]
    public void Signed_NoWatermarkAndSignatureOnTheClinicClock()
    {
        var cut = RenderViewer(Summary(SummaryStatus.Signed), print: true);

        Assert.Empty(cut.FindAll(".mp-watermark"));
        var signature = cut.Find("[data-testid=signature]").TextContent;
        Assert.Contains("Electronically signed by Dr. Cal Clinician", signature, StringComparison.Ordinal);
        Assert.Contains("on 4 Dec 2026, 11:45 (America/New_York)", signature, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Sections_AllInOrderWithTheirLines()
    {
        var cut = RenderViewer(Summary());

        Assert.Equal(SummarySections.All.Select(s => s.Key), cut.FindAll("section.mp-summary-section").Select(s => s.GetAttribute("data-section")));
        Assert.Equal(SummarySections.All.Select(s => s.Title), cut.FindAll("section.mp-summary-section h2").Select(h => h.TextContent));
        Assert.Equal(["Rest.", "Fluids."], cut.Find("section[data-section=plan]").QuerySelectorAll("p:not(.mp-summary-source)").Select(p => p.TextContent));
    }

    [Fact]
    public void Provenance_EditedSection_EditorsNameAndClinicTimeNeverTheId()
    {
        var cut = RenderViewer(Summary());

        var plan = cut.Find("section[data-section=plan] [data-testid=section-source]").TextContent;
        Assert.Equal("Source: edited by Dr. Erin Editor on 4 Dec 2026, 10:30", plan);
        Assert.Equal("Source: deterministic drafter medportal-summary/1.0", cut.Find("section[data-section=allergies] [data-testid=section-source]").TextContent);
        var meta = cut.Find("[data-testid=summary-meta]").TextContent;
        Assert.Contains("created by Dr. Cal Clinician on 4 Dec 2026, 09:05 (America/New_York)", meta, StringComparison.Ordinal);
        Assert.DoesNotContain(ClinicianId, cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(EditorId, cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Provenance_LegacySourceWithTheEditorsId_ShownAsTheEditorsName()
    {
        var summary = Summary();
        summary.Sections = summary.Sections.Select(s => s.Key == SummarySections.Plan ? new SummarySection(s.Key, s.Title, s.Text, $"edited by clinician {EditorId}") : s).ToList();

        var cut = RenderViewer(summary);

        Assert.Equal("Source: edited by Dr. Erin Editor", cut.Find("section[data-section=plan] [data-testid=section-source]").TextContent);
        Assert.DoesNotContain(EditorId, cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Provenance_EditorAccountGone_NeutralLabel()
    {
        var cut = RenderViewer(Summary(), names: PersonNames.None);

        Assert.Equal($"Source: edited by {PersonNames.FormerUser} on 4 Dec 2026, 10:30", cut.Find("section[data-section=plan] [data-testid=section-source]").TextContent);
        Assert.DoesNotContain(EditorId, cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Print_ToolsAndSourcesLeftOut()
    {
        var cut = RenderViewer(Summary(), print: true, tools: EditButtons);

        Assert.Empty(cut.FindAll("button"));
        Assert.Empty(cut.FindAll("[data-testid=section-source]"));
    }

    [Fact]
    public void Screen_SectionTools_ShownBesideEachHeading()
    {
        var cut = RenderViewer(Summary(), tools: EditButtons);

        Assert.Equal(SummarySections.All.Count, cut.FindAll("button[data-testid^=edit-]").Count);
    }
}
