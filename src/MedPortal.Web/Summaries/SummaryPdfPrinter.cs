using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace MedPortal.Web.Summaries;

/// <summary>The PDF printer could not print; the message says why and what to do.</summary>
public sealed class PdfUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Prints HTML to PDF with a warm headless Chromium (Debian's, through Playwright), reused across requests. A browser
/// that died or hung is restarted on the next request; a request that takes longer than the timeout fails clearly.
/// </summary>
public sealed partial class SummaryPdfPrinter(IOptions<SummaryPdfOptions> options, TimeProvider clock, MedPortal.Core.Clinic.ClinicTime clinicTime, ILogger<SummaryPdfPrinter> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private IPlaywright? playwright;
    private IBrowser? browser;
    private readonly System.Collections.Concurrent.ConcurrentBag<IPage> idlePages = [];
    private const int MaxIdlePages = 8;

    /// <summary>How many times a browser was started (1 while it stays healthy).</summary>
    public int Launches { get; private set; }

    /// <summary>True while a started browser is connected (it starts on the first print).</summary>
    public bool IsWarm => browser is { IsConnected: true };

    /// <summary>Where the printer looks for Chromium.</summary>
    public string ChromiumPath => options.Value.ChromiumPath;

    /// <summary>Prints one document.</summary>
    /// <param name="html">The whole HTML document.</param>
    /// <param name="header">Text for every page's header (the patient identifiers).</param>
    /// <param name="cancellationToken">Cancels the print.</param>
    /// <returns>The PDF bytes.</returns>
    /// <exception cref="PdfUnavailableException">Chromium is missing, failed twice, or timed out.</exception>
    public async Task<byte[]> PrintAsync(string html, string header, CancellationToken cancellationToken = default)
    {
        using var span = MedPortal.Core.Telemetry.MedPortalTelemetry.StartSpan("pdf.render");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var pdf = await PrintWithRetryAsync(html, header, cancellationToken);
            outcome = "printed";
            return pdf;
        }
        catch (PdfUnavailableException ex)
        {
            Telemetry.WebMetrics.RecordPdfFailure(ex.InnerException is TimeoutException ? "timeout" : "browser");
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.InnerException is TimeoutException ? "timeout" : "browser");
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = "cancelled";
            throw;
        }
        finally
        {
            Telemetry.WebMetrics.RecordPdf(System.Diagnostics.Stopwatch.GetElapsedTime(started), outcome);
        }
    }

    private async Task<byte[]> PrintWithRetryAsync(string html, string header, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await BrowserAsync(cancellationToken);
            try
            {
                return await PrintOnceAsync(current, html, header, cancellationToken);
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                LogPrintFailed(ex, attempt);
                await ResetAsync(current);
                if (attempt == 2)
                {
                    throw new PdfUnavailableException(ex is TimeoutException
                        ? $"Printing took longer than {options.Value.TimeoutSeconds} s. The PDF printer has been restarted; try again."
                        : "The PDF printer (Chromium) stopped working. It has been restarted; try again.", ex);
                }
            }
        }
    }

    private async Task<byte[]> PrintOnceAsync(IBrowser current, string html, string header, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);
        // Warm pages are reused: opening a page costs more than printing a short summary.
        var page = idlePages.TryTake(out var idle) && !idle.IsClosed && ReferenceEquals(idle.Context.Browser, current) ? idle : await current.NewPageAsync();
        var reusable = false;
        try
        {
            var pdf = await PrintPageAsync(page, html, header, timeout).WaitAsync(timeout, cancellationToken);
            reusable = true;
            return pdf;
        }
        finally
        {
            if (reusable && idlePages.Count < MaxIdlePages)
            {
                idlePages.Add(page);
            }
            else
            {
                try
                {
                    await page.CloseAsync();
                }
                catch (PlaywrightException)
                {
                    // The browser is already gone; the next request restarts it.
                }
            }
        }
    }

    private async Task<byte[]> PrintPageAsync(IPage page, string html, string header, TimeSpan timeout)
    {
        await page.SetContentAsync(html, new PageSetContentOptions { Timeout = (float)timeout.TotalMilliseconds });
        var printed = $"{clinicTime.Format(clock.GetUtcNow())} ({clinicTime.ZoneName})";
        const string style = "font-family: 'DejaVu Sans', sans-serif; font-size: 8px; width: 100%; padding: 0 14mm; color: #333;";
        return await page.PdfAsync(new PagePdfOptions
        {
            Format = options.Value.Paper,
            PrintBackground = true,
            DisplayHeaderFooter = true,
            HeaderTemplate = $"<div style=\"{style}\">{WebUtility.HtmlEncode(header)}</div>",
            FooterTemplate = $"<div style=\"{style} display: flex; justify-content: space-between;\"><span>Page <span class=\"pageNumber\"></span> of <span class=\"totalPages\"></span></span><span>Printed {printed} · MedPortal</span></div>",
            Margin = new Margin { Top = "22mm", Bottom = "18mm", Left = "14mm", Right = "14mm" },
        });
    }

    private async Task<IBrowser> BrowserAsync(CancellationToken cancellationToken)
    {
        if (browser is { IsConnected: true } warm)
        {
            return warm;
        }
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (browser is { IsConnected: true } ready)
            {
                return ready;
            }
            var path = options.Value.ChromiumPath;
            if (!File.Exists(path))
            {
                throw new PdfUnavailableException($"PDF printing needs Chromium, which was not found at {path}. Install Debian's chromium package (./medportal run does) or set Pdf:ChromiumPath.");
            }
            playwright ??= await Playwright.CreateAsync();
            try
            {
                browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = path,
                    Headless = true,
                    Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
                });
            }
            catch (PlaywrightException ex)
            {
                throw new PdfUnavailableException($"Chromium at {path} could not be started for PDF printing: {ex.Message.Split('\n')[0]}", ex);
            }
            Launches++;
            LogLaunched(path);
            return browser;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task ResetAsync(IBrowser failed)
    {
        await gate.WaitAsync();
        try
        {
            if (ReferenceEquals(browser, failed))
            {
                browser = null;
            }
        }
        finally
        {
            gate.Release();
        }
        try
        {
            await failed.CloseAsync();
        }
        catch (PlaywrightException)
        {
            // Already dead.
        }
    }

    /// <summary>Closes the warm browser as a crash would (tests and operators use it to check recovery).</summary>
    public async Task CloseBrowserAsync()
    {
        if (browser is { } current)
        {
            await current.CloseAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }
        playwright?.Dispose();
        gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PDF printer started Chromium from {Path}")]
    private partial void LogLaunched(string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PDF printing failed (attempt {Attempt}); restarting the browser")]
    private partial void LogPrintFailed(Exception exception, int attempt);
}
