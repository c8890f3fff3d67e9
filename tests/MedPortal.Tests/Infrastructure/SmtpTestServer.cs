using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace MedPortal.Tests.Infrastructure;

/// <summary>
/// A real SMTP server: Debian's aiosmtpd (apt python3-aiosmtpd, installed by ./medportal) storing every message it
/// accepts in a Maildir, from which the tests read what was really delivered. It can be stopped and started again on
/// the same port to test retries.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly string maildir;
    private Process? process;

    private SmtpTestServer(int port, string maildir)
    {
        Port = port;
        this.maildir = maildir;
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<SmtpTestServer> StartAsync()
    {
        var maildir = Directory.CreateTempSubdirectory("medportal-smtp-").FullName;
        foreach (var sub in new[] { "tmp", "new", "cur" })
        {
            // aiosmtpd's Mailbox handler writes into an existing Maildir; it does not create one.
            Directory.CreateDirectory(Path.Combine(maildir, sub));
        }

        var server = new SmtpTestServer(FreePort(), maildir);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server process (again) and waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: run the tests through ./medportal test, which installs python3-aiosmtpd.");
        }

        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{Port}", "-c", "aiosmtpd.handlers.Mailbox", maildir })
        {
            start.ArgumentList.Add(arg);
        }

        process = Process.Start(start)!;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                var error = await process.StandardError.ReadToEndAsync();
                throw new InvalidOperationException($"aiosmtpd exited with {process.ExitCode}: {error} (is python3-aiosmtpd installed?)");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Stops the server process; connections are refused until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        process = null;
    }

    /// <summary>Every message delivered so far, oldest first.</summary>
    public IReadOnlyList<MimeMessage> Messages()
    {
        var folder = Path.Combine(maildir, "new");
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.GetFiles(folder)
            .Select(f => (File: f, Time: File.GetLastWriteTimeUtc(f)))
            .OrderBy(f => f.Time)
            .Select(f => MimeMessage.Load(f.File))
            .ToList();
    }

    /// <summary>Waits until at least <paramref name="count"/> messages were delivered.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForMessagesAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var messages = Messages();
            if (messages.Count >= count || DateTime.UtcNow > deadline)
            {
                return messages;
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(maildir, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
