using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Core.Documents;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Documents;

/// <summary>The app with PDFs limited to 64 KB, so that an oversize file is quick to make.</summary>
public sealed class SmallPdfLimitFixture : BrowserFixture
{
    public const int MaxPdfBytes = 64 * 1024;

    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Documents:MaxPdfBytes"] = MaxPdfBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

public sealed class ClinicianDocumentsTests(SmallPdfLimitFixture browser) : IClassFixture<SmallPdfLimitFixture>
{
    [Fact]
    public async Task ClinicianUploadsPdfAndDocx_SeesTextPerPage_ProgramBrokenBombOversizeRefusedAndNothingChanged()
    {
        var assessment = await new DemoCases(browser.App).SubmitAsync("I have had a cough for a week");
        var page = await browser.NewPageAsync();
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Clinician), AccountClient.DemoPassword, DocumentsPage.PathFor(assessment.ConsultationId));
        await page.Locator("main[data-circuit=ready]").WaitForAsync();
        var documents = new DocumentsPage(page);
        await Assertions.Expect(page.Locator("[data-testid=documents-empty]")).ToBeVisibleAsync();

        await documents.UploadAsync("referral-letter.pdf", "application/pdf", TestFiles.TwoPageLetter());
        await Assertions.Expect(documents.Page(1)).ToContainTextAsync("She reports chest tightness on exertion.");
        await Assertions.Expect(documents.Page(2)).ToContainTextAsync("Current medication: atorvastatin 20 mg at night.");
        await Assertions.Expect(documents.Page(1)).Not.ToContainTextAsync("atorvastatin");
        await Assertions.Expect(documents.Rows).ToHaveCountAsync(1);
        await Assertions.Expect(documents.Rows.First).ToContainTextAsync("read (2 pages)");
        await Assertions.Expect(documents.Rows.First.Locator("[data-testid=job-status]")).ToHaveCountAsync(0);

        await documents.UploadAsync("discharge.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", TestFiles.DischargeDocx());
        await Assertions.Expect(documents.Paragraph(3)).ToContainTextAsync("Allergies: penicillin (rash).");
        await Assertions.Expect(documents.Paragraph(3)).ToContainTextAsync("Paragraph 4");
        await Assertions.Expect(documents.Rows).ToHaveCountAsync(2);

        // A Windows program named and typed as a PDF: refused by its bytes, nothing added, the open document stays.
        await documents.UploadAsync("results.pdf", "application/pdf", TestFiles.WindowsProgram());
        await Assertions.Expect(documents.Error).ToContainTextAsync("results.pdf: This file is a program, whatever its name says.");
        await Assertions.Expect(documents.Rows).ToHaveCountAsync(2);
        await Assertions.Expect(documents.Paragraph(3)).ToBeVisibleAsync();
        await using (var db = browser.App.CreateDb())
        {
            Assert.Equal(2, await db.Documents.CountAsync(d => d.ConsultationId == assessment.ConsultationId));
        }

        // A damaged PDF and a zip bomb are kept in quarantine, out of the record; an oversize PDF is refused with the limit.
        var letter = TestFiles.TwoPageLetter();
        await documents.UploadAsync("damaged.pdf", "application/pdf", letter[..(letter.Length / 3)]);
        await Assertions.Expect(documents.Error).ToContainTextAsync("damaged.pdf: This PDF is damaged and its text cannot be read.");
        await Assertions.Expect(documents.Error).ToContainTextAsync("nothing was added to the record");
        // The background job that read it failed: the page says why, and offers to try again.
        await Assertions.Expect(documents.FailedJobs.Filter(new() { HasText = "damaged.pdf" })).ToContainTextAsync("This PDF is damaged and its text cannot be read.");
        await Assertions.Expect(documents.FailedJobs.Filter(new() { HasText = "damaged.pdf" }).Locator("[data-testid=job-retry]")).ToBeVisibleAsync();
        await documents.UploadAsync("letter.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", TestFiles.ZipBomb());
        await Assertions.Expect(documents.Error).ToContainTextAsync("letter.docx: This Word document is compressed far more than real documents are");
        var oversize = TestFiles.Pdf([.. Enumerable.Range(0, 3000).Select(i => $"line {i} of a very long letter")]);
        Assert.True(oversize.Length > SmallPdfLimitFixture.MaxPdfBytes);
        await documents.UploadAsync("long.pdf", "application/pdf", oversize);
        await Assertions.Expect(documents.Error).ToContainTextAsync("long.pdf: This PDF is");
        await Assertions.Expect(documents.Error).ToContainTextAsync("the limit for this type is 64 KB");
        await Assertions.Expect(documents.Rows).ToHaveCountAsync(2);
        await Assertions.Expect(documents.Paragraph(3)).ToBeVisibleAsync();
        await using (var db = browser.App.CreateDb())
        {
            var statuses = await db.Documents.Where(d => d.ConsultationId == assessment.ConsultationId).Select(d => d.Status).ToListAsync();
            Assert.Equal(2, statuses.Count(s => s == MedPortal.Core.Documents.DocumentStatus.Extracted));
            Assert.Equal(2, statuses.Count(s => s == MedPortal.Core.Documents.DocumentStatus.Quarantined));
            Assert.Equal(2, await db.DocumentPassages.CountAsync(p => db.Documents.Any(d => d.Id == p.DocumentId && d.Status == MedPortal.Core.Documents.DocumentStatus.Extracted && d.Kind == MedPortal.Core.Documents.DocumentKind.Pdf && d.ConsultationId == assessment.ConsultationId)));
        }

        // The earlier PDF opens again from the list, page by page.
        await documents.Rows.Filter(new() { HasText = "referral-letter.pdf" }).Locator("[data-testid=open-document]").ClickAsync();
        await Assertions.Expect(documents.Page(2)).ToContainTextAsync("atorvastatin");
        await page.Context.CloseAsync();
    }
}
