using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Core.Documents;
using MedPortal.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Documents;

public sealed class ClinicianDocumentsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ClinicianUploadsPdfAndDocx_SeesTextPerPage_RenamedProgramRefusedAndNothingChanged()
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

        // The earlier PDF opens again from the list, page by page.
        await documents.Rows.Filter(new() { HasText = "referral-letter.pdf" }).Locator("[data-testid=open-document]").ClickAsync();
        await Assertions.Expect(documents.Page(2)).ToContainTextAsync("atorvastatin");
        await page.Context.CloseAsync();
    }
}
