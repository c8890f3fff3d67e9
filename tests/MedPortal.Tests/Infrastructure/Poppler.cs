
namespace MedPortal.Tests.Infrastructure;

/// <summary>poppler-utils (installed by ./medportal): text, info and page images of a PDF.</summary>
public static class Poppler
{
    public static async Task<string> TextAsync(string pdfPath, int? page = null) =>
        await RunAsync("pdftotext", page is { } p ? ["-raw", "-f", $"{p}", "-l", $"{p}", pdfPath, "-"] : ["-raw", pdfPath, "-"]);

    public static async Task<string> InfoAsync(string pdfPath) => await RunAsync("pdfinfo", [pdfPath]);

    public static async Task<int> PagesAsync(string pdfPath) =>
        int.Parse((await InfoAsync(pdfPath)).Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal))["Pages:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Renders page 1 to a PNG and returns its path.</summary>
    public static async Task<string> FirstPagePngAsync(string pdfPath, string outputPathWithoutExtension)
    {
        await RunAsync("pdftoppm", ["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdfPath, outputPathWithoutExtension]);
        return outputPathWithoutExtension + ".png";
    }

    private static async Task<string> RunAsync(string tool, string[] args)
    {
        ProcessResult result;
        try
        {
            result = await ChildProcess.RunAsync(tool, args);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"{tool} is not installed: './medportal test' installs poppler-utils.", ex);
        }
        return result.ExitCode == 0 ? result.Output : throw new InvalidOperationException($"{tool} failed ({result.ExitCode}): {result.Error}");
    }
}
