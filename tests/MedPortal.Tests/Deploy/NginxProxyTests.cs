using System.Net;
using System.Net.Sockets;
using MedPortal.Core.Identity;
using MedPortal.Tests.Browser;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MedPortal.Tests.Deploy;

/// <summary>
/// Two real app instances on one database behind Debian's nginx running deploy/nginx.conf, with only what a loopback
/// test must change: the listen address, the two upstream addresses, no <c>Secure</c> on the affinity cookie (plain
/// HTTP here) and a response header naming the upstream that answered.
/// </summary>
public sealed class NginxFixture : BrowserFixture
{
    private MedPortalApp? second;
    private System.Diagnostics.Process? nginx;
    private string? directory;

    public Uri ProxyAddress { get; private set; } = null!;

    public string FirstUpstream => $"127.0.0.1:{BaseAddress.Port}";

    public string SecondUpstream { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        second = new MedPortalApp(TestDatabase.ForExisting(App.Database));
        var secondAddress = await second.StartKestrelAsync();
        SecondUpstream = $"127.0.0.1:{secondAddress.Port}";

        var port = FreeLoopbackPort();
        directory = Directory.CreateTempSubdirectory("medportal-nginx-").FullName;
        var config = Rewrite(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "deploy", "nginx.conf")), port);
        var path = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(path, config);
        string[] args = ["-p", directory, "-c", path, "-e", Path.Combine(directory, "error.log"), "-g", $"daemon off; pid {Path.Combine(directory, "nginx.pid")};"];
        var check = await ChildProcess.RunAsync(Nginx, ["-t", .. args]);
        if (check.ExitCode != 0)
        {
            throw new InvalidOperationException("nginx rejected deploy/nginx.conf:\n" + check.All);
        }
        var start = new System.Diagnostics.ProcessStartInfo(Nginx) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        nginx = System.Diagnostics.Process.Start(start)!;
        ProxyAddress = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                (await http.GetAsync(new Uri(ProxyAddress, "/health/live"))).EnsureSuccessStatusCode();
                break;
            }
            catch (HttpRequestException) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }

    public static string Nginx => File.Exists("/usr/sbin/nginx")
        ? "/usr/sbin/nginx"
        : throw new InvalidOperationException("nginx not found at /usr/sbin/nginx: './medportal test' installs Debian's nginx-light.");

    private string Rewrite(string config, int port)
    {
        string Replace(string text, string from, string to) =>
            text.Contains(from, StringComparison.Ordinal) ? text.Replace(from, to, StringComparison.Ordinal) : throw new InvalidOperationException($"deploy/nginx.conf no longer contains '{from}'");
        config = Replace(config, "listen 80;", $"listen 127.0.0.1:{port};");
        config = Replace(config, "server web1:8080", $"server {FirstUpstream}");
        config = Replace(config, "server web2:8080", $"server {SecondUpstream}");
        config = Replace(config, "HttpOnly; Secure; SameSite=Lax", "HttpOnly; SameSite=Lax");
        config = Replace(config, "add_header Set-Cookie $mp_affinity_cookie;", "add_header Set-Cookie $mp_affinity_cookie; add_header X-Upstream $upstream_addr always;");
        return config;
    }

    /// <summary>A browser context whose affinity cookie is <paramref name="affinity"/>.</summary>
    public async Task<IPage> NewProxyPageAsync(string affinity)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = ProxyAddress.ToString().TrimEnd('/') });
        context.SetDefaultTimeout(30_000);
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "mp_affinity", Value = affinity, Url = ProxyAddress.ToString() }]);
        return await context.NewPageAsync();
    }

    /// <summary>Which instance answers a browser with this affinity cookie.</summary>
    public async Task<string> UpstreamForAsync(string affinity)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ProxyAddress, "/health/live"));
        request.Headers.Add("Cookie", $"mp_affinity={affinity}");
        using var response = await http.SendAsync(request);
        return response.Headers.GetValues("X-Upstream").Single();
    }

    protected override async ValueTask DisposeExtraAsync()
    {
        if (nginx is not null)
        {
            if (!nginx.HasExited)
            {
                nginx.Kill(entireProcessTree: true);
                await nginx.WaitForExitAsync();
            }
            nginx.Dispose();
        }
        if (second is not null)
        {
            await second.DisposeAsync();
        }
        if (directory is not null)
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class NginxProxyTests(NginxFixture proxy) : IClassFixture<NginxFixture>
{
    // Fixed keys: the consistent hash then puts each on the same instance every run.
    private static readonly string[] Keys = Enumerable.Range(1, 24).Select(i => $"test-browser-{i:D2}").ToArray();

    [Fact]
    public async Task AffinityCookie_NewBrowserGetsOne_SameCookieSameInstance_BrowsersSpreadOverBoth()
    {
        using var http = new HttpClient();
        using var first = await http.GetAsync(new Uri(proxy.ProxyAddress, "/account/login"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains(first.Headers.GetValues("Set-Cookie"), c => c.StartsWith("mp_affinity=", StringComparison.Ordinal) && c.Contains("HttpOnly", StringComparison.Ordinal));

        foreach (var key in Keys.Take(4))
        {
            var upstreams = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < 6; i++)
            {
                upstreams.Add(await proxy.UpstreamForAsync(key));
            }
            Assert.Single(upstreams);
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in Keys)
        {
            seen.Add(await proxy.UpstreamForAsync(key));
        }
        Assert.Equal(new[] { proxy.FirstUpstream, proxy.SecondUpstream }.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Metrics_ThroughTheProxy_Refused()
    {
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(proxy.ProxyAddress, "/metrics"))).StatusCode);
        // Even if the proxy's own rule were removed, the app refuses a forwarded request.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(proxy.ProxyAddress, "/metrics/"));
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task PatientOnOneInstance_NurseOnTheOther_ThroughNginx_CaseAppearsLiveAndCircuitsUseWebSockets()
    {
        var patientKey = Keys.First();
        var patientUpstream = await proxy.UpstreamForAsync(patientKey);
        string? nurseKey = null;
        foreach (var key in Keys.Skip(1))
        {
            if (await proxy.UpstreamForAsync(key) != patientUpstream)
            {
                nurseKey = key;
                break;
            }
        }
        Assert.NotNull(nurseKey);

        var nurse = await proxy.NewProxyPageAsync(nurseKey!);
        var sockets = new List<string>();
        nurse.WebSocket += (_, socket) => sockets.Add(socket.Url);
        await new LoginPage(nurse).SignInAsync(AccountClient.DemoEmail(Roles.Nurse), AccountClient.DemoPassword, "/triage");
        await nurse.Locator("main[data-circuit=ready]").WaitForAsync();
        await nurse.Locator("[data-testid=queue-total]").WaitForAsync();
        var before = int.Parse((await nurse.Locator("[data-testid=queue-total]").InnerTextAsync()).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(sockets, url => url.StartsWith($"ws://127.0.0.1:{proxy.ProxyAddress.Port}/_blazor", StringComparison.Ordinal));

        var patient = await proxy.NewProxyPageAsync(patientKey);
        await new LoginPage(patient).SignInAsync(AccountClient.DemoEmail(Roles.Patient), AccountClient.DemoPassword, "/consultations");
        var chat = await ChatPage.StartAsync(patient);
        await chat.CompleteInterviewAsync("I have a mild sore throat since yesterday", "It started yesterday morning", "3 out of 10", "in my throat", "no", "no medicines", "no allergies", "no");
        await patient.Locator("[data-testid=confirm-recap]").ClickAsync();

        await Assertions.Expect(nurse.Locator("[data-testid=queue-total]")).ToHaveTextAsync($"{before + 1} open {(before + 1 == 1 ? "case" : "cases")}", new() { Timeout = 15_000 });
        await patient.Context.CloseAsync();
        await nurse.Context.CloseAsync();
    }
}
