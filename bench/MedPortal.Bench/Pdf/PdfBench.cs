using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using MedPortal.Bench.Chat;
using MedPortal.Bench.Common;
using MedPortal.Core.Audit;
using MedPortal.Core.Consultations.Chat;
using MedPortal.Core.Consultations.NurseQueue;
using MedPortal.Core.Consultations.Screening;
using MedPortal.Core.Data;
using MedPortal.Core.Identity;
using MedPortal.Core.Summaries;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace MedPortal.Bench.Pdf;

/// <summary>
/// <c>./medportal bench pdf</c>: the real app as its own process, a seeded, decided and drafted consultation, and
/// <c>GET /summaries/{id}/pdf</c> as a signed-in clinician: the whole path (load, HtmlRenderer, warm Chromium print).
/// Warm latency one at a time, then throughput with 8 requests in flight.
/// </summary>
internal static partial class PdfBench
{
    private const int WarmUp = 3;
    private const int Sequential = 40;
    private const int ParallelRequests = 80;
    private const int InFlight = 8;

    public static async Task<int> RunAsync(string[] args)
    {
        var admin = Environment.GetEnvironmentVariable("MEDPORTAL_TEST_PG_ADMIN")
            ?? throw new InvalidOperationException("MEDPORTAL_TEST_PG_ADMIN is not set: run through './medportal bench pdf'.");
        var connectionString = await ChatBench.CreateDatabaseAsync(admin, "medportal_bench_pdf");
        await using var server = await WebServerProcess.StartAsync(connectionString);
        var summaryId = await SeedAsync(connectionString);

        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true }) { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(2) };
        await SignInAsync(http, "clinician@demo.medportal");
        var url = $"/summaries/{summaryId}/pdf";
        var bytes = 0;
        for (var i = 0; i < WarmUp; i++)
        {
            bytes = await FetchAsync(http, url);
        }
        var warm = new List<double>();
        for (var i = 0; i < Sequential; i++)
        {
            var clock = Stopwatch.StartNew();
            await FetchAsync(http, url);
            warm.Add(clock.Elapsed.TotalMilliseconds);
        }
        var all = Stopwatch.StartNew();
        using var slots = new SemaphoreSlim(InFlight);
        await Task.WhenAll(Enumerable.Range(0, ParallelRequests).Select(async _ =>
        {
            await slots.WaitAsync();
            try
            {
                await FetchAsync(http, url);
            }
            finally
            {
                slots.Release();
            }
        }));
        var perSecond = ParallelRequests / all.Elapsed.TotalSeconds;

        var result = new Dictionary<string, object>
        {
            ["warm_p50_ms"] = Math.Round(BenchResults.Percentile(warm, 50), 1),
            ["warm_p95_ms"] = Math.Round(BenchResults.Percentile(warm, 95), 1),
            ["parallel8_pdfs_per_s"] = Math.Round(perSecond, 2),
            ["sequential_requests"] = Sequential,
            ["parallel_requests"] = ParallelRequests,
            ["pdf_bytes"] = bytes,
            ["measured_in"] = "HTTP GET /summaries/{id}/pdf against the app process on loopback, signed in as a clinician: audit, record load, HtmlRenderer, Chromium print",
        };
        Console.WriteLine();
        Console.WriteLine("| metric | value |");
        Console.WriteLine("|---|---|");
        foreach (var (key, value) in result)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {key} | {value} |"));
        }
        await BenchResults.WriteAsync("pdf", result);
        return 0;
    }

    private static async Task<int> FetchAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();
        if (!response.IsSuccessStatusCode || body.Length < 4 || body[0] != (byte)'%')
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body[..Math.Min(300, body.Length)])}");
        }
        return body.Length;
    }

    private static async Task SignInAsync(HttpClient http, string email)
    {
        var html = await http.GetStringAsync("/account/login");
        var token = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
        using var response = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Email"] = email,
            ["Input.Password"] = "Demo-Password-2026",
        }));
        response.EnsureSuccessStatusCode();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>A demo patient's consultation, submitted, decided by a nurse and drafted, made through the Core services.</summary>
    private static async Task<Guid> SeedAsync(string connectionString)
    {
        var contexts = new PooledDbContextFactory<MedPortalDb>(new DbContextOptionsBuilder<MedPortalDb>().UseNpgsql(connectionString).Options);
        var clock = TimeProvider.System;
        var audit = new AuditLog(contexts, clock, AuditKey.CreateRandom());
        var conversation = new ConsultationConversation(contexts, audit, clock);
        var assistant = new ConsultationAssistant(conversation, new ConversationScreener(), contexts, audit, clock);
        var nurses = new NurseReview(contexts, audit, new MedPortal.Core.Notifications.EmailOutbox(clock),
            Microsoft.Extensions.Options.Options.Create(new MedPortal.Core.Notifications.EmailOptions()), clock);
        var clinicTime = new MedPortal.Core.Clinic.ClinicTime(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        var summaries = new SummaryService(contexts, audit, clock, clinicTime);
        string patientId;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            patientId = await db.Users.Where(u => u.NormalizedEmail == "PATIENT@DEMO.MEDPORTAL").Select(u => u.Id).SingleAsync();
        }
        var patient = new AuditActor(patientId, Roles.Patient, "127.0.0.1");
        var consultation = await assistant.StartAsync(patient);
        foreach (var text in new[] { "I have had a cough and a fever of 38.4 for four days", "It started on Monday, about 5/10", "I take metformin and lisinopril", "I'm allergic to penicillin", "type 2 diabetes" })
        {
            await assistant.AcceptAsync(patient, consultation.Id, Guid.NewGuid(), text);
        }
        var assessment = await assistant.SubmitAsync(patient, consultation.Id, model: null);
        var nurse = new AuditActor(Guid.NewGuid().ToString(), Roles.Nurse, "127.0.0.1");
        var version = await nurses.ClaimAsync(nurse, assessment.Id, assessment.Version);
        await nurses.DecideAsync(nurse, new DecisionInput(assessment.Id, version, assessment.AiAcuity, null, DispositionText.For(assessment.AiAcuity), "Please book an appointment this week."));
        var clinician = new AuditActor(Guid.NewGuid().ToString(), Roles.Clinician, "127.0.0.1");
        var summary = await summaries.DraftAsync(clinician, consultation.Id, new DeterministicSummaryDrafter(clinicTime));
        return summary.Id;
    }
}
