using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MedPortal.Bench.Common;

namespace MedPortal.Bench.Chat;

/// <summary>The real MedPortal web app, started as its own process on a loopback port, as ./medportal run starts it.</summary>
internal sealed class WebServerProcess : IAsyncDisposable
{
    private readonly Process process;

    private WebServerProcess(Process process, Uri address)
    {
        this.process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => process.Id;

    public static async Task<WebServerProcess> StartAsync(string connectionString)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var webDir = Path.Combine(BenchResults.Root, "src", "MedPortal.Web");
        var dll = Path.Combine(webDir, "bin", configuration, "net10.0", "MedPortal.Web.dll");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = webDir, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ConnectionStrings__MedPortal"] = connectionString;
        start.Environment["ConnectionStrings__MedPortalOwner"] = ChatBench.OwnerConnectionFor(connectionString);
        start.Environment["Diagnostics__Enabled"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new WebServerProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient { BaseAddress = server.Address };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"MedPortal.Web exited with {process.ExitCode} while starting");
            }
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("MedPortal.Web did not become ready within 90 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
