using MedPortal.Inference;
using MedPortal.Inference.Native;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MedPortal.Tests.Inference;

/// <summary>The real host on the generated tiny model: one context, four sequences, one thread.</summary>
public sealed class TinyHostFixture : IAsyncLifetime
{
    public string ModelPath { get; } = TinyGguf.Write(Path.Combine(Path.GetTempPath(), $"medportal-host-{Guid.NewGuid():N}.gguf"));

    public ModelStatusMonitor Status { get; } = new();

    public InferenceHost Host { get; private set; } = null!;

    public static InferenceHost Create(string modelPath, ModelStatusMonitor status, int contextSize = 2048, int parallel = 4) =>
        new(Options.Create(new InferenceOptions { ModelPath = modelPath, Threads = 1, ContextSize = contextSize, BatchSize = 512, MaxParallelSequences = parallel }),
            status, NullLogger<InferenceHost>.Instance);

    public async Task InitializeAsync()
    {
        Host = Create(ModelPath, Status);
        await Host.StartAsync(CancellationToken.None);
        await WaitReadyAsync(Status);
    }

    public static async Task WaitReadyAsync(ModelStatusMonitor status)
    {
        for (var i = 0; i < 200 && status.State is ModelState.NotConfigured or ModelState.Loading; i++)
        {
            await Task.Delay(50);
        }
        Assert.True(status.IsReady, $"model state {status.State}: {status.Reason}");
    }

    public async Task DisposeAsync()
    {
        await Host.StopAsync(CancellationToken.None);
        Host.Dispose();
        File.Delete(ModelPath);
    }
}

public sealed class InferenceHostTests(TinyHostFixture tiny) : IClassFixture<TinyHostFixture>
{
    private static readonly SamplingOptions Greedy = new(MaxTokens: 24, SuppressEndOfGeneration: true);

    private async Task<List<GeneratedChunk>> RunAsync(string prompt, SamplingOptions? sampling = null, CancellationToken cancellationToken = default)
    {
        var chunks = new List<GeneratedChunk>();
        await foreach (var chunk in tiny.Host.GenerateAsync(prompt, sampling ?? Greedy, InferencePriority.Interactive, cancellationToken))
        {
            chunks.Add(chunk);
        }
        return chunks;
    }

    private static int[] Tokens(List<GeneratedChunk> chunks) => chunks.Where(c => c.Token >= 0).Select(c => c.Token).ToArray();

    [Fact]
    public async Task Generate_GreedyEosSuppressed_ExactlyNTokensThenLength()
    {
        var chunks = await RunAsync("the patient has chest pain", Greedy with { MaxTokens = 17 });

        Assert.Equal(17, Tokens(chunks).Length);
        Assert.Equal(FinishReason.Length, chunks[^1].Finish);
    }

    [Fact]
    public async Task Generate_FourPromptsConcurrently_SameTokensAsEachAlone()
    {
        string[] prompts = ["the patient has chest pain", "sore throat since yesterday", "hello world", "a rash and a fever today please"];
        var alone = new List<int[]>();
        foreach (var prompt in prompts)
        {
            alone.Add(Tokens(await RunAsync(prompt)));
        }

        var together = await Task.WhenAll(prompts.Select(p => RunAsync(p)));

        for (var i = 0; i < prompts.Length; i++)
        {
            Assert.Equal(alone[i], Tokens(together[i]));
        }
        Assert.NotEqual(alone[0], alone[1]);
    }

    [Fact]
    public async Task Generate_Cancelled_SequenceFreedOthersFinish()
    {
        using var cancel = new CancellationTokenSource();
        var other = RunAsync("hello world", Greedy with { MaxTokens = 60 });
        var cancelled = Task.Run(async () =>
        {
            var n = 0;
            await foreach (var _ in tiny.Host.GenerateAsync("the patient", Greedy with { MaxTokens = 100_000 }, InferencePriority.Interactive, cancel.Token))
            {
                if (++n == 5)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        var finished = await other;
        Assert.Equal(60, Tokens(finished).Length);
        for (var i = 0; i < 40 && tiny.Host.ActiveSequences > 0; i++)
        {
            await Task.Delay(25);
        }
        Assert.Equal(0, tiny.Host.ActiveSequences);
        // The freed KV cells are reusable: the same prompt alone still gives the same tokens.
        Assert.Equal(Tokens(await RunAsync("hello world", Greedy with { MaxTokens = 60 })), Tokens(finished));
    }

    [Fact]
    public async Task Generate_LongPromptJoins_OtherSequenceKeepsStreamingDuringPrefill()
    {
        var longPrompt = string.Join(' ', Enumerable.Repeat("the patient has a sore throat and a fever since yesterday", 40));
        var aTokens = 0;
        var aAtFirstB = -1;
        var aStarted = new TaskCompletionSource();
        var a = Task.Run(async () =>
        {
            await foreach (var chunk in tiny.Host.GenerateAsync("hello", Greedy with { MaxTokens = 400 }, InferencePriority.Interactive, CancellationToken.None))
            {
                if (chunk.Token >= 0 && Interlocked.Increment(ref aTokens) == 3)
                {
                    aStarted.SetResult();
                }
            }
        });
        await aStarted.Task;
        var before = Volatile.Read(ref aTokens);

        await foreach (var chunk in tiny.Host.GenerateAsync(longPrompt, Greedy with { MaxTokens = 1 }, InferencePriority.Interactive, CancellationToken.None))
        {
            if (chunk.Token >= 0 && aAtFirstB < 0)
            {
                aAtFirstB = Volatile.Read(ref aTokens);
            }
        }
        await a;

        var promptTokens = tiny.Host.Model!.Tokenize(longPrompt).Length;
        Assert.True(promptTokens > 4 * InferenceHost.PrefillChunk, $"prompt has {promptTokens} tokens");
        // One token of A per prefill step of B: B's prompt took several steps and A kept going in each.
        Assert.True(aAtFirstB - before >= promptTokens / InferenceHost.PrefillChunk - 1, $"A streamed {aAtFirstB - before} tokens while B's {promptTokens}-token prompt was prefilled");
    }

    [Fact]
    public async Task Generate_PromptLongerThanContextShare_ClearErrorNoCrash()
    {
        var huge = string.Join(' ', Enumerable.Repeat("the patient has chest pain", 400));

        var error = await Assert.ThrowsAsync<ContextOverflowException>(() => RunAsync(huge));

        Assert.Contains("one conversation may use 512", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, Tokens(await RunAsync("hello", Greedy with { MaxTokens = 5 })).Length);
    }

    [Fact]
    public async Task Generate_StopString_OutputEndsBeforeIt()
    {
        var full = string.Concat((await RunAsync("sore throat", Greedy with { MaxTokens = 40 })).Select(c => c.Text));
        var stop = full.Substring(full.Length / 2, 3);

        var chunks = await RunAsync("sore throat", Greedy with { MaxTokens = 40, StopStrings = [stop] });

        Assert.Equal(full[..full.IndexOf(stop, StringComparison.Ordinal)], string.Concat(chunks.Select(c => c.Text)));
        Assert.Equal(FinishReason.Stop, chunks[^1].Finish);
    }

    [Fact]
    public async Task Generate_SampledWithSeed_Reproducible()
    {
        var sampling = new SamplingOptions(MaxTokens: 20, Temperature: 0.9f, TopP: 0.95f, Seed: 7, SuppressEndOfGeneration: true);

        var first = Tokens(await RunAsync("the nurse will review", sampling));
        var second = Tokens(await RunAsync("the nurse will review", sampling));

        Assert.Equal(first, second);
    }
}

public sealed class InferenceHostLifecycleTests
{
    [Fact]
    public async Task SwitchModel_UnloadThenLoad_StatusFollowsAndRequestsRefusedMeanwhile()
    {
        var path = TinyGguf.Write(Path.Combine(Path.GetTempPath(), $"medportal-switch-{Guid.NewGuid():N}.gguf"));
        var status = new ModelStatusMonitor();
        using var host = TinyHostFixture.Create(path, status);
        await host.StartAsync(CancellationToken.None);
        await TinyHostFixture.WaitReadyAsync(status);

        await host.SwitchModelAsync(null);
        var refused = Assert.Throws<InferenceUnavailableException>(() => host.GenerateAsync("hello", new SamplingOptions(MaxTokens: 2), InferencePriority.Interactive, CancellationToken.None));
        await host.SwitchModelAsync(path);

        Assert.Contains("No model is configured", refused.Message, StringComparison.Ordinal);
        Assert.Equal(ModelState.Ready, status.State);
        var count = 0;
        await foreach (var chunk in host.GenerateAsync("hello", new SamplingOptions(MaxTokens: 3, SuppressEndOfGeneration: true), InferencePriority.Batch, CancellationToken.None))
        {
            count += chunk.Token >= 0 ? 1 : 0;
        }
        Assert.Equal(3, count);
        await host.StopAsync(CancellationToken.None);
        File.Delete(path);
    }

    [Fact]
    public async Task Start_DamagedModelFile_FailedWithReasonNotACrash()
    {
        var path = Path.Combine(Path.GetTempPath(), $"medportal-bad-{Guid.NewGuid():N}.gguf");
        await File.WriteAllBytesAsync(path, [.. "GGUF"u8, 3, 0, 0, 0, 1, 2, 3]);
        var status = new ModelStatusMonitor();
        using var host = TinyHostFixture.Create(path, status);

        await host.StartAsync(CancellationToken.None);
        for (var i = 0; i < 100 && status.State != ModelState.Failed; i++)
        {
            await Task.Delay(50);
        }

        Assert.Equal(ModelState.Failed, status.State);
        Assert.Contains("is not a valid GGUF model", status.Reason, StringComparison.Ordinal);
        await host.StopAsync(CancellationToken.None);
        File.Delete(path);
    }
}

public sealed class InferenceBadModelTests
{
    [Fact]
    public void Load_MissingFile_ClearError()
    {
        var error = Assert.Throws<InferenceUnavailableException>(() => LlamaModel.Load("/nonexistent/model.gguf", 0, null, NullLogger.Instance));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("./medportal model fetch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switch_TruncatedThenGoodFile_FailedWithReasonThenServesAgain()
    {
        var good = TinyGguf.Write(Path.Combine(Path.GetTempPath(), $"medportal-good-{Guid.NewGuid():N}.gguf"));
        var truncated = Path.Combine(Path.GetTempPath(), $"medportal-truncated-{Guid.NewGuid():N}.gguf");
        var bytes = await File.ReadAllBytesAsync(good);
        await File.WriteAllBytesAsync(truncated, bytes[..(bytes.Length / 2)]);
        var status = new ModelStatusMonitor();
        using var host = TinyHostFixture.Create(good, status);
        await host.StartAsync(CancellationToken.None);
        await TinyHostFixture.WaitReadyAsync(status);

        await host.SwitchModelAsync(truncated);
        var failed = (status.State, status.Reason);
        await host.SwitchModelAsync(good);

        Assert.Equal(ModelState.Failed, failed.State);
        Assert.Contains("truncated", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(ModelState.Ready, status.State);
        var n = 0;
        await foreach (var chunk in host.GenerateAsync("hello", new SamplingOptions(MaxTokens: 4, SuppressEndOfGeneration: true), InferencePriority.Interactive, CancellationToken.None))
        {
            n += chunk.Token >= 0 ? 1 : 0;
        }
        Assert.Equal(4, n);
        await host.StopAsync(CancellationToken.None);
        File.Delete(good);
        File.Delete(truncated);
    }
}

public sealed class InferencePriorityTests
{
    [Fact]
    public async Task OneSlotBusy_InteractiveWaitingBehindBatch_AdmittedFirst()
    {
        var path = TinyGguf.Write(Path.Combine(Path.GetTempPath(), $"medportal-prio-{Guid.NewGuid():N}.gguf"));
        var status = new ModelStatusMonitor();
        using var host = TinyHostFixture.Create(path, status, contextSize: 2048, parallel: 1);
        await host.StartAsync(CancellationToken.None);
        await TinyHostFixture.WaitReadyAsync(status);
        var order = new System.Collections.Concurrent.ConcurrentQueue<string>();
        async Task Run(string name, InferencePriority priority, int tokens, TaskCompletionSource? started = null)
        {
            var first = true;
            await foreach (var chunk in host.GenerateAsync("hello", new SamplingOptions(MaxTokens: tokens, SuppressEndOfGeneration: true), priority, CancellationToken.None))
            {
                if (first && chunk.Token >= 0)
                {
                    first = false;
                    order.Enqueue(name);
                    started?.TrySetResult();
                }
            }
        }
        var running = new TaskCompletionSource();
        var occupying = Run("occupying", InferencePriority.Batch, 3000, running);
        await running.Task;

        var batch = Run("batch", InferencePriority.Batch, 5);
        var summary = Run("summary", InferencePriority.Summary, 5);
        var interactive = Run("interactive", InferencePriority.Interactive, 5);
        await Task.WhenAll(occupying, batch, summary, interactive);

        Assert.Equal(["occupying", "interactive", "summary", "batch"], order.ToArray());
        await host.StopAsync(CancellationToken.None);
        File.Delete(path);
    }
}
