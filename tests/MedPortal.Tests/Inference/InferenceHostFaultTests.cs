using MedPortal.Inference;
using MedPortal.Inference.Native;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MedPortal.Tests.Inference;

/// <summary>Faults injected where the native engine fails hardest (model load, decode): the host reports Failed and keeps serving.</summary>
public sealed class InferenceHostFaultTests : IDisposable
{
    private readonly string path = TinyGguf.Write(Path.Combine(Path.GetTempPath(), $"medportal-fault-{Guid.NewGuid():N}.gguf"));
    private readonly ModelStatusMonitor status = new();

    private InferenceHost Create(Func<string, LlamaModel>? load = null, Func<LlamaContextHandle, LlamaBatch, int>? decode = null) =>
        new(Options.Create(new InferenceOptions { ModelPath = path, Threads = 1, ContextSize = 2048, BatchSize = 512, MaxParallelSequences = 4 }),
            status, NullLogger<InferenceHost>.Instance, load, decode);

    private static LlamaModel LoadReal(string file) => LlamaModel.Load(file, 0, null, NullLogger.Instance);

    private async Task WaitForAsync(ModelState state)
    {
        for (var i = 0; i < 200 && status.State != state; i++)
        {
            await Task.Delay(25);
        }
        Assert.Equal(state, status.State);
    }

    private static async Task<int> CountTokensAsync(InferenceHost host, int max)
    {
        var n = 0;
        await foreach (var chunk in host.GenerateAsync("hello", new SamplingOptions(MaxTokens: max, SuppressEndOfGeneration: true), InferencePriority.Interactive, CancellationToken.None))
        {
            n += chunk.Token >= 0 ? 1 : 0;
        }
        return n;
    }

    [Fact]
    public async Task Load_DllNotFound_FailedWithTheTypeHostAliveAndAnotherLoadServes()
    {
        var attempts = 0;
        using var host = Create(load: file => ++attempts == 1 ? throw new DllNotFoundException("libcuda.so.1: cannot open shared object file") : LoadReal(file));

        await host.StartAsync(CancellationToken.None);
        await WaitForAsync(ModelState.Failed);
        var reason = status.Reason;
        var refused = Assert.Throws<InferenceUnavailableException>(() => host.GenerateAsync("hello", new SamplingOptions(MaxTokens: 2), InferencePriority.Interactive, CancellationToken.None));
        await host.SwitchModelAsync(path);

        Assert.Contains("DllNotFoundException", reason, StringComparison.Ordinal);
        Assert.Contains("not available", refused.Message, StringComparison.Ordinal);
        Assert.False(host.ExecuteTask!.IsCompleted, "the hosted service's task must keep running");
        Assert.Equal(ModelState.Ready, status.State);
        Assert.Equal(3, await CountTokensAsync(host, 3));
        await host.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Decode_Throws_InFlightRequestFailsClearlyStatusFailedThenReloadServes()
    {
        var calls = 0;
        using var host = Create(decode: (context, batch) => Interlocked.Increment(ref calls) == 4
            ? throw new InvalidOperationException("simulated native fault")
            : LlamaNative.Decode(context, batch));
        await host.StartAsync(CancellationToken.None);
        await WaitForAsync(ModelState.Ready);

        var error = await Assert.ThrowsAsync<InferenceUnavailableException>(() => CountTokensAsync(host, 50));

        Assert.Contains("failed while generating (InvalidOperationException)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("simulated native fault", error.Message, StringComparison.Ordinal);
        Assert.Equal(ModelState.Failed, status.State);
        Assert.Contains("InvalidOperationException", status.Reason, StringComparison.Ordinal);
        Assert.Null(host.Model);
        Assert.Equal(0, host.ActiveSequences);
        Assert.False(host.ExecuteTask!.IsCompleted, "the hosted service's task must keep running");
        await host.SwitchModelAsync(path);
        Assert.Equal(ModelState.Ready, status.State);
        Assert.Equal(5, await CountTokensAsync(host, 5));
        await host.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stop_RunningAndQueuedRequests_AllFailedNoneLeftHanging()
    {
        // Decoding waits for the test, so four requests are running and four still queued when the host stops.
        using var gate = new ManualResetEventSlim();
        using var host = Create(decode: (context, batch) =>
        {
            gate.Wait();
            return LlamaNative.Decode(context, batch);
        });
        await host.StartAsync(CancellationToken.None);
        await WaitForAsync(ModelState.Ready);
        var requests = Enumerable.Range(0, 8).Select(_ => CountTokensAsync(host, 400)).ToList();

        var stopping = host.StopAsync(CancellationToken.None);
        gate.Set();
        await stopping;

        foreach (var request in requests)
        {
            var error = await Assert.ThrowsAsync<InferenceUnavailableException>(() => request);
            Assert.Contains("shutting down", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void InstallResolver_SecondCall_NoThrow()
    {
        var directory = NativeLibraries.EnsureLoaded(null, NullLogger.Instance);
        var llama = Path.Combine(directory, "libllama.v0.5.0.so");
        var ggml = Path.Combine(directory, "libggml.v0.5.0.so");

        NativeLibraries.InstallResolver(llama, ggml);
        NativeLibraries.InstallResolver(llama, ggml);

        Assert.Equal(directory, NativeLibraries.EnsureLoaded(null, NullLogger.Instance));
    }

    public void Dispose() => File.Delete(path);
}
