using Microsoft.Playwright;

namespace MedPortal.Tests.Browser.Pages;

/// <summary>A consultation's documents page: upload, list, the opened document's text.</summary>
public sealed class DocumentsPage(IPage page)
{
    public static string PathFor(Guid consultationId) => $"/summaries/consultation/{consultationId}/documents";

    // MudFileUpload keeps the inputs of earlier picks, hidden with d-none; the live one is the other.
    private const string LiveInput = "input[type=file][data-testid=document-upload]:not(.d-none)";

    /// <summary>
    /// Puts a file into the upload control as if picked, under any name and type the browser claims. Waits first until
    /// Blazor's InputFile script has attached its change listener to the live input (it marks the element with
    /// _blazorInputFileNextFileId): a pick before that is lost, which no person is quick enough to do but a test is.
    /// </summary>
    public async Task UploadAsync(string name, string mimeType, byte[] content)
    {
        await page.WaitForFunctionAsync($"() => document.querySelector('{LiveInput}')?._blazorInputFileNextFileId !== undefined");
        await page.Locator(LiveInput).SetInputFilesAsync(new FilePayload { Name = name, MimeType = mimeType, Buffer = content });
    }

    public ILocator Rows => page.Locator("[data-testid=document-row]");

    public ILocator Error => page.Locator("[data-testid=upload-error]");

    /// <summary>Files whose text job failed and that were kept out of the record, each with its reason and a Retry button.</summary>
    public ILocator FailedJobs => page.Locator("[data-testid=job-failed]");

    public ILocator OpenedText => page.Locator("[data-testid=document-text]");

    public ILocator Page(int number) => OpenedText.Locator($"[data-testid=passage][data-page='{number}']");

    public ILocator Paragraph(int index) => OpenedText.Locator($"[data-testid=passage][data-paragraph='{index}']");
}
