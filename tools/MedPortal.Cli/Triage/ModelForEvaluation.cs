using MedPortal.Core.Consultations.Chat;
using MedPortal.Core.Consultations.Screening;
using MedPortal.Core.Triage;
using MedPortal.Core.Triage.Evaluation;
using MedPortal.Inference;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MedPortal.Cli;

/// <summary>
/// The model for <c>eval triage --with-model</c>: a local GGUF run by the same <see cref="InferenceHost"/> the app uses,
/// or a remote OpenAI-compatible server. Each case goes through the app's own raise-only rule: rules first, the model
/// may make a case more urgent, never less.
/// </summary>
internal sealed class ModelForEvaluation : IAsyncDisposable
{
    private readonly IChatClient client;
    private readonly InferenceHost? host;
    private readonly HttpClient? http;

    private ModelForEvaluation(IChatClient client, InferenceHost? host, HttpClient? http)
    {
        this.client = client;
        this.host = host;
        this.http = http;
    }

    /// <summary>Opens the model, or prints why not and returns null.</summary>
    public static async Task<ModelForEvaluation?> OpenAsync(string? modelPath, string? remoteUrl, string remoteModel)
    {
        if (!string.IsNullOrWhiteSpace(remoteUrl))
        {
            if (!Uri.TryCreate(remoteUrl.TrimEnd('/') + "/", UriKind.Absolute, out var address))
            {
                await Console.Error.WriteLineAsync($"--with-model: '{remoteUrl}' is not an absolute URL.");
                return null;
            }
            var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
            return new ModelForEvaluation(new OpenAiCompatibleChatClient(http, remoteModel), null, http);
        }
        if (string.IsNullOrWhiteSpace(modelPath))
        {
            await Console.Error.WriteLineAsync("--with-model needs a model: --model FILE.gguf, --remote URL, or Inference__ModelPath. './medportal model fetch qwen2.5-1.5b-instruct' downloads one.");
            return null;
        }
        var status = new ModelStatusMonitor();
        var options = new InferenceOptions { ModelPath = modelPath, Threads = Math.Max(1, Environment.ProcessorCount / 2), ContextSize = 8192, MaxParallelSequences = 4 };
        var host = new InferenceHost(Options.Create(options), status, NullLogger<InferenceHost>.Instance);
        await host.StartAsync(CancellationToken.None);
        for (var i = 0; i < 1200 && status.State is ModelState.NotConfigured or ModelState.Loading; i++)
        {
            await Task.Delay(100);
        }
        if (!status.IsReady)
        {
            await Console.Error.WriteLineAsync($"--with-model: the model could not be loaded: {status.Reason}");
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
            return null;
        }
        return new ModelForEvaluation(new LlamaChatClient(host), host, null);
    }

    /// <summary>The final (raise-only) level of every case, by line number, four at a time.</summary>
    public async Task<IReadOnlyDictionary<int, Acuity>> AssessAllAsync(IReadOnlyList<LabelledCase> cases)
    {
        var triage = new ConversationScreener();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var results = new System.Collections.Concurrent.ConcurrentDictionary<int, Acuity>();
        var raised = 0;
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (c, ct) =>
        {
            var snapshot = triage.Assess([c.CaseDescription], null, today);
            var (final, _) = await ModelAssistedTriage.AssessAsync(client, snapshot, c.CaseDescription, ct);
            results[c.LineNumber] = final;
            if (final < snapshot.Acuity)
            {
                Interlocked.Increment(ref raised);
            }
        });
        await Console.Error.WriteLineAsync($"--with-model: the model raised {raised} of {cases.Count} cases above the rules' level (it can never lower one).");
        return results;
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.StopAsync(CancellationToken.None);
            host.Dispose();
        }
        http?.Dispose();
    }
}
