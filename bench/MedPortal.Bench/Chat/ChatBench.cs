using System.Globalization;
using System.Text.Json;
using MedPortal.Bench.Common;
using Microsoft.Playwright;
using Npgsql;

namespace MedPortal.Bench.Chat;

/// <summary>
/// <c>./medportal bench chat</c>: the real app (no model: protocol-only mode) driven by Debian Chromium.
/// Measures, in the browser, Send → emergency banner and Send → first streamed assistant text, and on the server the
/// managed memory per idle circuit with N open patient chats.
/// </summary>
internal static class ChatBench
{
    private const int Rounds = 20;
    private const string DemoPassword = "Demo-Password-2026";

    public static async Task<int> RunAsync(string[] args)
    {
        var circuits = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 100;
        var admin = Environment.GetEnvironmentVariable("MEDPORTAL_TEST_PG_ADMIN")
            ?? throw new InvalidOperationException("MEDPORTAL_TEST_PG_ADMIN is not set: run through './medportal bench chat'.");
        var connectionString = await CreateDatabaseAsync(admin, "medportal_bench_chat");
        await using var server = await WebServerProcess.StartAsync(connectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MEDPORTAL_CHROMIUM") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Address.ToString().TrimEnd('/') });
        var page = await context.NewPageAsync();
        await SignInAsync(page, "patient@demo.medportal");

        var banner = new List<double>();
        var firstToken = new List<double>();
        for (var i = 0; i < Rounds; i++)
        {
            banner.Add(await TimeSendAsync(page, "I have crushing chest pain spreading to my left arm and I am sweating", "[data-testid=emergency-banner]"));
            firstToken.Add(await TimeSendAsync(page, "I have had a sore throat since yesterday", FirstNewAssistantText));
        }

        var memory = await MeasureIdleCircuitsAsync(server, context, connectionString, circuits);

        var result = new Dictionary<string, object>
        {
            ["banner_ms_p50"] = Math.Round(BenchResults.Percentile(banner, 50), 2),
            ["banner_ms_p95"] = Math.Round(BenchResults.Percentile(banner, 95), 2),
            ["first_token_ms_p50"] = Math.Round(BenchResults.Percentile(firstToken, 50), 2),
            ["first_token_ms_p95"] = Math.Round(BenchResults.Percentile(firstToken, 95), 2),
            ["rounds"] = Rounds,
            ["idle_circuits_opened"] = memory.Opened,
            ["kb_per_idle_circuit"] = Math.Round(memory.ManagedKbPerCircuit, 1),
            ["working_set_kb_per_idle_circuit"] = Math.Round(memory.WorkingSetKbPerCircuit, 1),
            ["mode"] = "protocol-only (no model)",
            ["measured_in"] = "browser (performance.now from Enter keydown to the element), so each includes loopback websocket round trips",
        };
        Console.WriteLine();
        Console.WriteLine("| metric | value |");
        Console.WriteLine("|---|---|");
        foreach (var (key, value) in result)
        {
            Console.WriteLine($"| {key} | {value} |");
        }
        await BenchResults.WriteAsync("chat", result);
        return 0;
    }

    private const string FirstNewAssistantText = "first-assistant-text";

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync("/account/login?returnUrl=%2Fconsultations");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", DemoPassword);
        await page.ClickAsync("[data-testid=sign-in]");
        await page.Locator("main[data-circuit=ready]").WaitForAsync();
    }

    /// <summary>Starts a fresh consultation, then times Enter → the target appearing, inside the page.</summary>
    private static async Task<double> TimeSendAsync(IPage page, string text, string target)
    {
        await page.GotoAsync("/consultations");
        await page.Locator("main[data-circuit=ready]").WaitForAsync();
        await page.Locator("[data-testid=start-consultation]").ClickAsync();
        await page.Locator("[data-testid=chat-input]").WaitForAsync();
        await page.Locator("[data-testid=message][data-author=Assistant]").First.WaitForAsync();
        // Let the chat module attach to the input.
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=chat-input]') !== null");
        await Task.Delay(150);
        return await page.EvaluateAsync<double>("""
            ([text, target]) => new Promise((resolve, reject) => {
              const box = document.querySelector('[data-testid=chat-input]');
              const greetings = document.querySelectorAll('[data-testid=message][data-author=Assistant]').length;
              const found = () => target === 'first-assistant-text'
                ? [...document.querySelectorAll('[data-testid=message][data-author=Assistant], [data-testid=streaming-message]')]
                    .slice(greetings).some(e => (e.querySelector('.mp-msg-body')?.innerText ?? '').trim().length > 0)
                : document.querySelector(target) !== null;
              const start = performance.now();
              const observer = new MutationObserver(() => {
                if (found()) { observer.disconnect(); resolve(performance.now() - start); }
              });
              observer.observe(document.body, { childList: true, subtree: true, characterData: true });
              setTimeout(() => { observer.disconnect(); reject(new Error('timed out waiting for ' + target)); }, 15000);
              box.value = text;
              box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
            })
            """, new object[] { text, target });
    }

    private sealed record MemoryResult(int Opened, double ManagedKbPerCircuit, double WorkingSetKbPerCircuit);

    private sealed record MemorySample(long ManagedBytes, long WorkingSetBytes, int OpenCircuits);

    private static async Task<MemoryResult> MeasureIdleCircuitsAsync(WebServerProcess server, IBrowserContext context, string connectionString, int count)
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        var ids = await CreateConsultationsAsync(connectionString, "patient@demo.medportal", count);
        var before = await SampleAsync(http);
        var pages = new List<IPage>();
        foreach (var batch in ids.Chunk(10))
        {
            pages.AddRange(await Task.WhenAll(batch.Select(async id =>
            {
                var p = await context.NewPageAsync();
                await p.GotoAsync($"/consultations/{id}");
                await p.Locator("[data-testid=chat-input]").WaitForAsync(new() { Timeout = 60_000 });
                return p;
            })));
        }
        // Idle: let pending renders and JS interop settle.
        await Task.Delay(3000);
        var after = await SampleAsync(http);
        var opened = after.OpenCircuits - before.OpenCircuits;
        foreach (var p in pages)
        {
            await p.CloseAsync();
        }
        if (opened <= 0)
        {
            throw new InvalidOperationException($"expected {count} new circuits, the server counts {opened}");
        }
        return new MemoryResult(opened,
            (after.ManagedBytes - before.ManagedBytes) / 1024.0 / opened,
            (after.WorkingSetBytes - before.WorkingSetBytes) / 1024.0 / opened);
    }

    private static async Task<MemorySample> SampleAsync(HttpClient http)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync("/diagnostics/memory"));
        var root = json.RootElement;
        return new MemorySample(root.GetProperty("managedBytes").GetInt64(), root.GetProperty("workingSetBytes").GetInt64(), root.GetProperty("openCircuits").GetInt32());
    }

    private static async Task<List<Guid>> CreateConsultationsAsync(string connectionString, string email, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        string patientId;
        await using (var find = new NpgsqlCommand("SELECT \"Id\" FROM \"AspNetUsers\" WHERE \"Email\" = $1", connection))
        {
            find.Parameters.Add(new NpgsqlParameter { Value = email });
            patientId = (string)(await find.ExecuteScalarAsync())!;
        }
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var id = Guid.CreateVersion7();
            ids.Add(id);
            await using var insert = new NpgsqlCommand("""
                INSERT INTO consultations (id, patient_id, started_at, status) VALUES ($1, $2, now(), 'InProgress');
                """, connection);
            insert.Parameters.Add(new NpgsqlParameter { Value = id });
            insert.Parameters.Add(new NpgsqlParameter { Value = patientId });
            await insert.ExecuteNonQueryAsync();
            await using var greet = new NpgsqlCommand("""
                INSERT INTO consultation_messages (id, consultation_id, seq, author, content, created_at, state, slot)
                VALUES ($1, $2, 1, 'Assistant', 'What is the main problem you would like help with today?', now(), 'Complete', 'complaint');
                """, connection);
            greet.Parameters.Add(new NpgsqlParameter { Value = Guid.CreateVersion7() });
            greet.Parameters.Add(new NpgsqlParameter { Value = id });
            await greet.ExecuteNonQueryAsync();
        }
        return ids;
    }

    internal static async Task<string> CreateDatabaseAsync(string admin, string name)
    {
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            foreach (var sql in new[] { $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", $"CREATE DATABASE {name} OWNER medportal_owner" })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }
        }
        // The app role's password is generated per cluster; ./medportal exports the app's connection string with it.
        var app = Environment.GetEnvironmentVariable("ConnectionStrings__MedPortal")
            ?? throw new InvalidOperationException("ConnectionStrings__MedPortal is not set: run through './medportal bench'.");
        return new NpgsqlConnectionStringBuilder(app) { Database = name }.ConnectionString;
    }

    /// <summary>The owner role's connection to the database <paramref name="runtime"/> names: the one migrations run on.</summary>
    internal static string OwnerConnectionFor(string runtime)
    {
        var owner = Environment.GetEnvironmentVariable("ConnectionStrings__MedPortalOwner")
            ?? throw new InvalidOperationException("ConnectionStrings__MedPortalOwner is not set: run through './medportal bench'.");
        return new NpgsqlConnectionStringBuilder(owner) { Database = new NpgsqlConnectionStringBuilder(runtime).Database }.ConnectionString;
    }
}
