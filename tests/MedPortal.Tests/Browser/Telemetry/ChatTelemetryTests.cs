using System.Diagnostics;
using System.Text.RegularExpressions;
using MedPortal.Core.Identity;
using MedPortal.Tests.Browser.Pages;
using MedPortal.Tests.Inference;
using MedPortal.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenTelemetry.Trace;

namespace MedPortal.Tests.Browser.Telemetry;

/// <summary>
/// The real app on a loopback port with the generated GGUF (real llama.cpp), the real PostgreSQL, Debian's Chromium, and
/// OpenTelemetry's in-memory exporter beside the app's own exporters.
/// </summary>
public sealed class TelemetryFixture : BrowserFixture
{
    private readonly string modelsDirectory = Directory.CreateTempSubdirectory("medportal-models-").FullName;

    public TelemetryFixture()
    {
        ModelName = $"medportal-trace-{Guid.NewGuid():N}";
        ModelPath = TinyGguf.Write(Path.Combine(modelsDirectory, ModelName + ".gguf"));
    }

    public string ModelName { get; }

    public string ModelPath { get; }

    /// <summary>Every span any app in this test process ended (ActivitySources are process-wide): filter by trace.</summary>
    public List<Activity> Spans { get; } = [];

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Inference:ModelPath"] = ModelPath,
        ["Inference:ModelsDirectory"] = modelsDirectory,
        ["Inference:Threads"] = "1",
        ["Inference:ContextSize"] = "16384",
        ["Inference:MaxParallelSequences"] = "4",
        ["Telemetry:QueuePollSeconds"] = "1",
    };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));

    public Activity[] SpansSnapshot()
    {
        lock (Spans)
        {
            return [.. Spans];
        }
    }

    protected override ValueTask DisposeExtraAsync()
    {
        Directory.Delete(modelsDirectory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

public sealed partial class ChatTelemetryTests(TelemetryFixture fixture) : IClassFixture<TelemetryFixture>
{
    [Fact]
    public async Task PatientMessage_OneTraceCoversTriageDatabaseAndInference()
    {
        var started = DateTime.UtcNow;
        var page = await fixture.NewPageAsync();
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Patient), AccountClient.DemoPassword, "/consultations");
        var chat = await StartWithModelAsync(page);
        await chat.SendAndWaitForReplyAsync("I have a sore throat since yesterday");
        await Assertions.Expect(chat.AssistantMessages.Nth(1)).ToHaveAttributeAsync("data-state", "Complete");
        await page.Context.CloseAsync();

        // The model's file name is unique to this fixture and the start time to this test: this reply's span is told
        // apart from other tests' chats.
        var generate = await EventuallyAsync(() => fixture.SpansSnapshot().Where(s => s.OperationName == "chat.generate" && s.StartTimeUtc >= started
            && (s.GetTagItem("gen_ai.request.model") as string)?.Contains(fixture.ModelName, StringComparison.Ordinal) == true).ToArray(), found => found.Length > 0);
        Assert.Single(generate);
        var trace = fixture.SpansSnapshot().Where(s => s.TraceId == generate[0].TraceId).ToArray();
        var names = string.Join(", ", trace.Select(s => $"{s.Source.Name}:{s.OperationName}").Distinct());

        Assert.True(trace.Any(s => s.OperationName == "triage.assess"), $"no triage span in the reply's trace: {names}");
        Assert.True(trace.Any(s => s.Source.Name == "Npgsql"), $"no database span in the reply's trace: {names}");
        Assert.Equal("local", generate[0].GetTagItem("medportal.inference.provider"));
        // The trace starts where the patient's message reached the circuit (the SignalR hub call that carries the
        // browser event; Blazor's own span when it is the outermost), and triage ran before the model was asked.
        var roots = trace.Where(s => s.ParentSpanId == default || trace.All(p => p.SpanId != s.ParentSpanId)).ToArray();
        Assert.True(roots.Length == 1 && roots[0].Source.Name is "Microsoft.AspNetCore.SignalR.Server" or "Microsoft.AspNetCore.Components",
            $"roots: {string.Join(", ", roots.Select(r => $"{r.Source.Name}:{r.OperationName}"))}; spans: {names}");
        Assert.True(trace.Where(s => s.OperationName == "triage.assess").Min(s => s.StartTimeUtc) < generate[0].StartTimeUtc);
        // No span carries what the patient wrote.
        Assert.DoesNotContain(trace.SelectMany(s => s.TagObjects), t => t.Value?.ToString()?.Contains("sore throat", StringComparison.OrdinalIgnoreCase) == true);
    }

    [Fact]
    public async Task Metrics_FromLoopbackOverARealSocket_ShowMedPortalFamiliesAndRequestDuration()
    {
        var page = await fixture.NewPageAsync();
        // One failed sign-in first (medportal_signin_failures), then a chat with the local model.
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", AccountClient.DemoEmail(Roles.Patient));
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("[data-testid=sign-in]");
        await Assertions.Expect(new LoginPage(page).Error).ToBeVisibleAsync();
        await new LoginPage(page).SignInAsync(AccountClient.DemoEmail(Roles.Patient), AccountClient.DemoPassword, "/consultations");
        var chat = await StartWithModelAsync(page);
        await chat.SendAndWaitForReplyAsync("I have had a headache for two days");

        using var http = new HttpClient { BaseAddress = fixture.BaseAddress };
        var families = await EventuallyAsync(async () =>
        {
            var text = await http.GetStringAsync("/metrics");
            return (Text: text, Names: TypeLine().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal));
        }, r => r.Names.Contains("medportal_chat_first_token_seconds") && r.Names.Contains("medportal_consultations_waiting"));
        await page.Context.CloseAsync();

        var own = families.Names.Where(n => n.StartsWith("medportal_", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        Assert.True(own.Length >= 8, $"only {own.Length} medportal_* families: {string.Join(", ", own)}");
        foreach (var expected in new[]
        {
            "medportal_triage_duration_seconds", "medportal_chat_first_token_seconds", "medportal_inference_queue_depth",
            "medportal_inference_queue_wait_seconds", "medportal_consultations_waiting", "medportal_consultations_oldest_wait_seconds",
            "medportal_circuits_open", "medportal_signin_failures_total", "http_server_request_duration_seconds",
        })
        {
            Assert.True(families.Names.Contains(expected), $"{expected} missing; families: {string.Join(", ", families.Names.Order(StringComparer.Ordinal))}");
        }
        Assert.Contains("medportal_signin_failures_total{", families.Text, StringComparison.Ordinal);
        Assert.Contains("reason=\"bad_password\"", families.Text, StringComparison.Ordinal);
        // Labels are closed sets: no address, no name, no text.
        Assert.DoesNotContain("@", string.Join('\n', families.Text.Split('\n').Where(l => l.StartsWith("medportal_", StringComparison.Ordinal))), StringComparison.Ordinal);
    }

    // The model loads in the background: until it is ready the page (rightly) uses the protocol's own words.
    private static async Task<ChatPage> StartWithModelAsync(IPage page)
    {
        var chat = await ChatPage.StartAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=assistant-mode]")).ToHaveAttributeAsync("data-protocol-only", "False");
        return chat;
    }

    private static async Task<T> EventuallyAsync<T>(Func<T> read, Func<T, bool> done) => await EventuallyAsync(() => Task.FromResult(read()), done);

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value) || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                return value;
            }
            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@"^# TYPE (\S+) ", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
