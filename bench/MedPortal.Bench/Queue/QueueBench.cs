using System.Diagnostics;
using System.Globalization;
using MedPortal.Bench.Chat;
using MedPortal.Bench.Common;
using Microsoft.Playwright;
using Npgsql;

namespace MedPortal.Bench.Queue;

/// <summary>
/// <c>./medportal bench queue</c>: two app processes on one database. A nurse's queue is open in Chromium on instance B;
/// cases are submitted as the app submits them (insert + <c>medportal_notify</c> in one transaction, what instance A does)
/// and the time until B's page shows the new count is measured. Then 10,000 waiting cases: time to the first rows and
/// to the end of the list, and how many rows the page renders.
/// </summary>
internal static class QueueBench
{
    private const int Rounds = 30;
    private const int LargeQueue = 10_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var admin = Environment.GetEnvironmentVariable("MEDPORTAL_TEST_PG_ADMIN")
            ?? throw new InvalidOperationException("MEDPORTAL_TEST_PG_ADMIN is not set: run through './medportal bench queue'.");
        var connectionString = await ChatBench.CreateDatabaseAsync(admin, "medportal_bench_queue");
        await using var instanceA = await WebServerProcess.StartAsync(connectionString);
        await using var instanceB = await WebServerProcess.StartAsync(connectionString);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MEDPORTAL_CHROMIUM") ?? "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = instanceB.Address.ToString().TrimEnd('/') });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login?returnUrl=%2Ftriage");
        await page.FillAsync("#email", "nurse@demo.medportal");
        await page.FillAsync("#password", "Demo-Password-2026");
        await page.ClickAsync("[data-testid=sign-in]");
        await page.Locator("main[data-circuit=ready]").WaitForAsync();
        await page.Locator("[data-testid=queue-total]").WaitForAsync();

        await using var db = new NpgsqlConnection(connectionString);
        await db.OpenAsync();
        var patientId = (string)(await new NpgsqlCommand("SELECT \"Id\" FROM \"AspNetUsers\" WHERE \"NormalizedEmail\" = 'PATIENT@DEMO.MEDPORTAL'", db).ExecuteScalarAsync())!;
        var live = new List<double>();
        for (var i = 1; i <= Rounds; i++)
        {
            var clock = Stopwatch.StartNew();
            await SubmitAsync(db, patientId, i);
            await page.Locator("[data-testid=queue-total]").Filter(new() { HasTextString = $"{i} open case" }).WaitForAsync(new() { Timeout = 10_000 });
            live.Add(clock.Elapsed.TotalMilliseconds);
        }

        await using (var seed = new NpgsqlBatch(db)
        {
            BatchCommands =
            {
                Command($"INSERT INTO consultations (id, patient_id, started_at, status, chief_complaint) SELECT gen_random_uuid(), $1, now() - make_interval(mins => g), 'AwaitingTriage', 'seeded ' || g FROM generate_series(1, {LargeQueue}) g", patientId),
                Command("""
            INSERT INTO triage_assessments (id, consultation_id, patient_id, created_at, ai_acuity, rule_acuity, is_crisis, fired_rules, extracted, recap, provenance, status, version)
            SELECT gen_random_uuid(), c.id, c.patient_id, c.started_at, 1 + (substr(c.chief_complaint, 8)::int % 5), 1 + (substr(c.chief_complaint, 8)::int % 5), false, '[]', '{}', '', 'seed', 'Waiting', 0
            FROM consultations c WHERE c.chief_complaint LIKE 'seeded %'
            """),
            },
        })
        {
            await seed.ExecuteNonQueryAsync();
        }
        var firstRows = new List<double>();
        var toEnd = new List<double>();
        var rendered = 0;
        for (var i = 0; i < 5; i++)
        {
            var clock = Stopwatch.StartNew();
            await page.GotoAsync("/triage");
            await page.Locator("[data-testid=queue-row]").First.WaitForAsync(new() { Timeout = 30_000 });
            firstRows.Add(clock.Elapsed.TotalMilliseconds);
            rendered = Math.Max(rendered, await page.Locator("[data-testid=queue-row]").CountAsync());
            clock.Restart();
            await page.Locator(".mp-queue-body").EvaluateAsync("el => el.scrollTop = el.scrollHeight");
            await page.Locator("[data-testid=queue-row][data-acuity='5']").Last.WaitForAsync(new() { Timeout = 30_000 });
            toEnd.Add(clock.Elapsed.TotalMilliseconds);
            rendered = Math.Max(rendered, await page.Locator("[data-testid=queue-row]").CountAsync());
        }

        var result = new Dictionary<string, object>
        {
            ["live_update_ms_p50"] = Math.Round(BenchResults.Percentile(live, 50), 1),
            ["live_update_ms_p95"] = Math.Round(BenchResults.Percentile(live, 95), 1),
            ["live_update_ms_max"] = Math.Round(live.Max(), 1),
            ["live_rounds"] = Rounds,
            ["queue_10k_first_rows_ms_p50"] = Math.Round(BenchResults.Percentile(firstRows, 50), 1),
            ["queue_10k_scroll_to_end_ms_p50"] = Math.Round(BenchResults.Percentile(toEnd, 50), 1),
            ["queue_10k_rows_in_dom_max"] = rendered,
            ["open_cases"] = LargeQueue + Rounds,
            ["measured_in"] = "wall clock in the bench process: commit of insert+NOTIFY on the database → Playwright sees the new count on the other instance's page (includes Playwright's polling)",
        };
        Console.WriteLine();
        Console.WriteLine("| metric | value |");
        Console.WriteLine("|---|---|");
        foreach (var (key, value) in result)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {key} | {value} |"));
        }
        await BenchResults.WriteAsync("queue", result);
        return 0;
    }

    private static async Task SubmitAsync(NpgsqlConnection db, string patientId, int i)
    {
        var consultationId = Guid.CreateVersion7();
        var assessmentId = Guid.CreateVersion7();
        await using var transaction = await db.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(db, transaction)
        {
            BatchCommands =
            {
                Command("INSERT INTO consultations (id, patient_id, started_at, status, chief_complaint, submitted_at) VALUES ($1, $2, now(), 'AwaitingTriage', $3, now())", consultationId, patientId, $"bench case {i}"),
                Command("""
                    INSERT INTO triage_assessments (id, consultation_id, patient_id, created_at, ai_acuity, rule_acuity, is_crisis, fired_rules, extracted, recap, provenance, status, version)
                    VALUES ($1, $2, $3, now(), 4, 4, false, '[]', '{}', '', 'bench', 'Waiting', 0)
                    """, assessmentId, consultationId, patientId),
                Command("SELECT medportal_notify('assessment.created', $1, $2)", assessmentId, consultationId),
            },
        };
        await batch.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return command;
    }
}
