using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using MedPortal.Inference.Native;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MedPortal.Inference;

/// <summary>
/// The only owner of llama.cpp's native handles. Runs one context with many sequences and continuous batching: every
/// decode step carries one token of each generating sequence plus chunks of the prompts of sequences still being
/// prefilled, so a long prompt never freezes the other chats. Requests wait in three bounded queues (interactive,
/// summary, batch) and join between steps; a finished or cancelled sequence frees its KV cells at once.
/// </summary>
/// <remarks>
/// Context policy: each sequence may use <c>ContextSize / MaxParallelSequences</c> positions. A prompt that does not fit
/// is refused with <see cref="ContextOverflowException"/>; a generation that reaches the limit ends with
/// <see cref="FinishReason.Length"/>.
/// </remarks>
public sealed partial class InferenceHost : BackgroundService
{
    /// <summary>Requests that may wait in each priority queue.</summary>
    public const int QueueCapacity = 256;

    /// <summary>Prompt tokens one sequence may prefill in one step.</summary>
    public const int PrefillChunk = 64;

    private readonly InferenceOptions options;
    private readonly ModelStatusMonitor status;
    private readonly ILogger<InferenceHost> logger;
    private readonly Func<string, LlamaModel> loadModel;
    private readonly Func<LlamaContextHandle, LlamaBatch, int> decode;
    private readonly Channel<Job>[] queues;
    private readonly Channel<ModelCommand> commands = Channel.CreateUnbounded<ModelCommand>();
    private readonly SemaphoreSlim wake = new(0);
    private readonly List<Sequence> active = [];
    private LlamaModel? model;
    private LlamaContextHandle? context;
    private nint memory;
    private int perSequence;
    private LlamaBatch batch;
    private bool batchAllocated;

    /// <summary>Creates the host; the model loads when the host starts.</summary>
    public InferenceHost(IOptions<InferenceOptions> options, ModelStatusMonitor status, ILogger<InferenceHost> logger)
        : this(options, status, logger, null, null)
    {
    }

    /// <summary>Tests replace the two native entry points that can fail hardest (model load and decode) to inject faults.</summary>
    internal InferenceHost(IOptions<InferenceOptions> options, ModelStatusMonitor status, ILogger<InferenceHost> logger,
        Func<string, LlamaModel>? loadModel, Func<LlamaContextHandle, LlamaBatch, int>? decode)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options.Value;
        this.status = status;
        this.logger = logger;
        this.loadModel = loadModel ?? (path => LlamaModel.Load(path, this.options.GpuLayers, this.options.NativeDirectory, logger));
        this.decode = decode ?? LlamaNative.Decode;
        queues = Enum.GetValues<InferencePriority>()
            .Select(_ => Channel.CreateBounded<Job>(new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.Wait }))
            .ToArray();
    }

    /// <summary>The loaded model, or null.</summary>
    public LlamaModel? Model => model;

    /// <summary>Requests waiting in each priority queue, indexed by <see cref="InferencePriority"/>.</summary>
    internal int[] QueueDepths => queues.Select(q => q.Reader.Count).ToArray();

    /// <summary>Sequences decoding right now (for tests and diagnostics).</summary>
    public int ActiveSequences => Volatile.Read(ref activeCount);

    private int activeCount;

    /// <summary>
    /// Formats a conversation with the model's chat template and streams the reply. Message contents are tokenised as
    /// text (<see cref="LlamaModel.TokenizeChat"/>): only the template's own markers are control tokens.
    /// </summary>
    /// <exception cref="InferenceUnavailableException">No model is ready, or the queue is full.</exception>
    /// <exception cref="ContextOverflowException">The prompt does not fit (raised while enumerating).</exception>
    public IAsyncEnumerable<GeneratedChunk> GenerateChatAsync(IReadOnlyList<(string Role, string Content)> messages, SamplingOptions sampling, InferencePriority priority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return Enqueue(null, [.. messages], sampling, priority, cancellationToken);
    }

    /// <summary>
    /// Streams the continuation of a raw prompt. Special tokens in it are parsed, so it is for trusted text (benches,
    /// tests); anything a patient wrote goes through <see cref="GenerateChatAsync"/>.
    /// </summary>
    /// <exception cref="InferenceUnavailableException">No model is ready, or the queue is full.</exception>
    /// <exception cref="ContextOverflowException">The prompt does not fit (raised while enumerating).</exception>
    public IAsyncEnumerable<GeneratedChunk> GenerateAsync(string prompt, SamplingOptions sampling, InferencePriority priority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return Enqueue(prompt, null, sampling, priority, cancellationToken);
    }

    private IAsyncEnumerable<GeneratedChunk> Enqueue(string? prompt, IReadOnlyList<(string Role, string Content)>? messages, SamplingOptions sampling, InferencePriority priority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sampling);
        if (!status.IsReady)
        {
            throw NotReady();
        }
        // Tokenised on the host thread at admission, with the model loaded then (a switch may happen in between).
        var job = new Job(prompt, messages, sampling, Channel.CreateUnbounded<GeneratedChunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true }), cancellationToken,
            priority, System.Diagnostics.Stopwatch.GetTimestamp());
        if (!queues[(int)priority].Writer.TryWrite(job))
        {
            throw new InferenceUnavailableException($"The model is busy: {QueueCapacity} {priority.ToString().ToLowerInvariant()} requests are already waiting. Try again shortly.");
        }
        wake.Release();
        return ReadAsync(job, cancellationToken);
    }

    /// <summary>Drains the running sequences, unloads the model and loads <paramref name="path"/> (null: unload only).</summary>
    public async Task SwitchModelAsync(string? path, CancellationToken cancellationToken = default)
    {
        var command = new ModelCommand(path, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await commands.Writer.WriteAsync(command, cancellationToken);
        wake.Release();
        await command.Done.Task.WaitAsync(cancellationToken);
    }

    private InferenceUnavailableException NotReady() => new(status.State switch
    {
        ModelState.NotConfigured => "No model is configured (Inference:ModelPath). MedPortal runs in protocol-only mode; './medportal model fetch NAME' downloads one.",
        ModelState.Loading => "The model is still loading.",
        _ => $"The model is not available: {status.Reason}",
    });

    private static async IAsyncEnumerable<GeneratedChunk> ReadAsync(Job job, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var chunk in job.Output.Reader.ReadAllAsync(CancellationToken.None))
        {
            yield return chunk;
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        InferenceTelemetry.Register(this);
        return Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    // Never throws: a fault here would stop the whole portal (BackgroundServiceExceptionBehavior.StopHost). Every
    // failure of the engine becomes ModelState.Failed with a reason, and the loop goes on taking SwitchModelAsync
    // commands, so chats fall back to protocol-only mode and the admin can load another model.
    private void Run(CancellationToken stopping)
    {
        ModelCommand? pending = null;
        try
        {
            Load(options.ModelPath);
            while (!stopping.IsCancellationRequested)
            {
                try
                {
                    if (pending is null && commands.Reader.TryRead(out var command))
                    {
                        pending = command;
                    }
                    if (pending is not null && active.Count == 0)
                    {
                        Unload();
                        Load(pending.Path);
                        pending.Done.TrySetResult();
                        pending = null;
                    }
                    if (pending is null)
                    {
                        Admit();
                    }
                    if (active.Count == 0)
                    {
                        wake.Wait(TimeSpan.FromMilliseconds(250), stopping);
                        continue;
                    }
                    Step();
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    EngineFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception ex)
        {
            // Only reachable if failure handling itself failed; still never fault the hosted service.
            LogLoopStopped(ex.GetType().Name);
            status.Set(ModelState.Failed, status.ModelName, $"The inference service stopped after an internal error ({ex.GetType().Name}). Restart MedPortal to use the model again.");
        }
        finally
        {
            var closing = new InferenceUnavailableException("The inference service is shutting down.");
            foreach (var sequence in active.ToList())
            {
                Fail(sequence, closing);
            }
            while (NextJob() is { } job)
            {
                job.Output.Writer.TryComplete(closing);
            }
            pending?.Done.TrySetCanceled();
            while (commands.Reader.TryRead(out var command))
            {
                command.Done.TrySetCanceled();
            }
            SafeUnload();
        }
    }

    /// <summary>
    /// An exception escaped the native engine (admit, sample, decode): its state can no longer be trusted. Fails every
    /// running request with a clear error, unloads the model and reports Failed; requests still waiting are refused by
    /// the next Admit. Logs the exception type only: a message could carry prompt text.
    /// </summary>
    private void EngineFailed(Exception ex)
    {
        var name = model?.Name ?? status.ModelName;
        LogEngineFailed(ex.GetType().Name, name ?? "none");
        var error = new InferenceUnavailableException($"The local model failed while generating ({ex.GetType().Name}) and was unloaded. Chats continue in protocol-only mode; an admin can load a model again on the AI model page.");
        var failed = active.ToList();
        active.Clear();
        Volatile.Write(ref activeCount, 0);
        // Unloaded and Failed before any caller hears of the error, so what it then reads is consistent.
        SafeUnload();
        status.Set(ModelState.Failed, name, $"The engine failed while generating ({ex.GetType().Name}); the model was unloaded. Load it (or another) again on the AI model page.");
        foreach (var sequence in failed)
        {
            try
            {
                sequence.Sampler.Dispose();
            }
            catch (Exception)
            {
                // A sampler that cannot be freed is leaked; the request still gets its error below.
            }
            InferenceTelemetry.RecordFinished(sequence.Job.Priority, "failed", 0, TimeSpan.Zero);
            sequence.Job.Output.Writer.TryComplete(error);
        }
    }

    private void SafeUnload()
    {
        try
        {
            Unload();
        }
        catch (Exception ex)
        {
            // The handles are dropped either way; leaking one native model beats stopping the portal.
            LogUnloadFailed(ex.GetType().Name);
            batchAllocated = false;
            context = null;
            model = null;
            memory = 0;
        }
    }

    private void Load(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            status.Set(ModelState.NotConfigured, null);
            return;
        }
        var name = Path.GetFileNameWithoutExtension(path);
        status.Set(ModelState.Loading, name);
        try
        {
            model = loadModel(path);
            var parameters = LlamaNative.ContextDefaultParams();
            parameters.NCtx = (uint)options.ContextSize;
            parameters.NBatch = (uint)options.BatchSize;
            parameters.NUbatch = (uint)options.BatchSize;
            parameters.NSeqMax = (uint)options.MaxParallelSequences;
            parameters.NThreads = options.Threads;
            parameters.NThreadsBatch = options.Threads;
            parameters.KvUnified = 0;
            parameters.NoPerf = 1;
            var pointer = LlamaNative.InitFromModel(model.Handle, parameters);
            if (pointer == 0)
            {
                throw new InferenceUnavailableException($"llama.cpp could not create a context of {options.ContextSize} tokens for {model.Name} (not enough memory?).");
            }
            context = new LlamaContextHandle(pointer);
            memory = LlamaNative.GetMemory(context);
            // One batch for the life of the context: allocating one per step costs as much as decoding a tiny model.
            batch = LlamaNative.BatchInit(options.BatchSize, 0, 1);
            batchAllocated = true;
            perSequence = (int)LlamaNative.NCtx(context) / options.MaxParallelSequences;
            status.Set(ModelState.Ready, model.Name);
            LogLoaded(model.Name, options.ContextSize, options.MaxParallelSequences, NativeLibraries.LoadedFrom ?? "?");
        }
        catch (InferenceUnavailableException ex)
        {
            // Our own messages: they name the file and what to do, never a prompt.
            SafeUnload();
            status.Set(ModelState.Failed, name, ex.Message);
            LogLoadFailed(name, ex.GetType().Name, ex.Message);
        }
        catch (Exception ex)
        {
            // DllNotFoundException (a CUDA build without its driver), EntryPointNotFoundException (natives of another
            // version), SEHException from native code…: the reason names the type; the portal keeps serving.
            SafeUnload();
            var reason = $"{ex.GetType().Name} while loading {name}: {ex.Message} Check Inference:NativeDirectory (the CPU build needs no driver) and the model file, then load it again.";
            status.Set(ModelState.Failed, name, reason);
            LogLoadFailed(name, ex.GetType().Name, "unexpected error");
        }
    }

    private void Unload()
    {
        if (batchAllocated)
        {
            LlamaNative.BatchFree(batch);
            batchAllocated = false;
        }
        context?.Dispose();
        context = null;
        model?.Dispose();
        model = null;
        memory = 0;
        if (status.State == ModelState.Ready)
        {
            status.Set(ModelState.NotConfigured, null);
        }
    }

    private void Admit()
    {
        while (active.Count < options.MaxParallelSequences && NextJob() is { } job)
        {
            if (job.Cancellation.IsCancellationRequested)
            {
                job.Output.Writer.TryComplete(new OperationCanceledException(job.Cancellation));
                continue;
            }
            if (model is null)
            {
                job.Output.Writer.TryComplete(NotReady());
                continue;
            }
            int[] prompt;
            try
            {
                prompt = job.Messages is { } conversation
                    ? model.TokenizeChat(conversation)
                    : model.Tokenize(job.Prompt!, addSpecial: true, parseSpecial: true);
            }
            catch (Exception ex)
            {
                // One request's text must not unload the model for every chat: only this request fails.
                job.Output.Writer.TryComplete(new InferenceUnavailableException($"The prompt could not be tokenised ({ex.GetType().Name})."));
                continue;
            }
            if (prompt.Length == 0 || prompt.Length + 1 > perSequence)
            {
                job.Output.Writer.TryComplete(new ContextOverflowException(
                    $"The prompt is {prompt.Length:N0} tokens; one conversation may use {perSequence:N0} (Inference:ContextSize / Inference:MaxParallelSequences). Shorten it or raise Inference:ContextSize."));
                continue;
            }
            var used = active.Select(s => s.Id).ToHashSet();
            var id = Enumerable.Range(0, options.MaxParallelSequences).First(i => !used.Contains(i));
            LlamaSamplerHandle sampler;
            try
            {
                sampler = CreateSampler(job.Sampling);
            }
            catch (Exception ex)
            {
                // Dequeued but not yet running: answer it here, then let EngineFailed handle the engine.
                job.Output.Writer.TryComplete(new InferenceUnavailableException($"The local model failed while preparing the request ({ex.GetType().Name})."));
                throw;
            }
            InferenceTelemetry.RecordQueueWait(job.Priority, System.Diagnostics.Stopwatch.GetElapsedTime(job.EnqueuedAt));
            active.Add(new Sequence(job, id, prompt, sampler));
            Volatile.Write(ref activeCount, active.Count);
        }
    }

    private Job? NextJob()
    {
        foreach (var queue in queues)
        {
            if (queue.Reader.TryRead(out var job))
            {
                return job;
            }
        }
        return null;
    }

    private unsafe LlamaSamplerHandle CreateSampler(SamplingOptions sampling)
    {
        var chain = new LlamaSamplerHandle(LlamaNative.SamplerChainInit(LlamaNative.SamplerChainDefaultParams()));
        if (sampling.SuppressEndOfGeneration)
        {
            var biases = model!.EndOfGenerationTokens.Select(t => new LlamaLogitBias { Token = t, Bias = float.NegativeInfinity }).ToArray();
            fixed (LlamaLogitBias* b = biases)
            {
                LlamaNative.SamplerChainAdd(chain, LlamaNative.SamplerInitLogitBias(model.VocabSize, biases.Length, b));
            }
        }
        if (sampling.Temperature <= 0)
        {
            LlamaNative.SamplerChainAdd(chain, LlamaNative.SamplerInitGreedy());
        }
        else
        {
            LlamaNative.SamplerChainAdd(chain, LlamaNative.SamplerInitTopP(sampling.TopP, 1));
            LlamaNative.SamplerChainAdd(chain, LlamaNative.SamplerInitTemp(sampling.Temperature));
            LlamaNative.SamplerChainAdd(chain, LlamaNative.SamplerInitDist(sampling.Seed));
        }
        return chain;
    }

    private unsafe void Step()
    {
        foreach (var sequence in active.Where(s => s.Job.Cancellation.IsCancellationRequested).ToList())
        {
            Finish(sequence, FinishReason.Cancelled);
        }
        if (active.Count == 0)
        {
            return;
        }
        batch.NTokens = 0;
        {
            var budget = options.BatchSize;
            var sampled = new List<Sequence>();
            void Add(Sequence s, int token, bool logits)
            {
                var i = batch.NTokens++;
                batch.Token[i] = token;
                batch.Pos[i] = s.Position++;
                batch.NSeqId[i] = 1;
                batch.SeqId[i][0] = s.Id;
                batch.Logits[i] = (sbyte)(logits ? 1 : 0);
                budget--;
                if (logits)
                {
                    s.BatchIndex = i;
                    sampled.Add(s);
                }
            }
            // Generating sequences first: one token each keeps every open chat moving.
            foreach (var s in active.Where(s => s.Prefilled && budget > 0))
            {
                Add(s, s.LastToken, logits: true);
            }
            foreach (var s in active.Where(s => !s.Prefilled))
            {
                var n = Math.Min(Math.Min(s.Prompt.Length - s.PromptDone, PrefillChunk), budget);
                for (var k = 0; k < n; k++)
                {
                    Add(s, s.Prompt[s.PromptDone], logits: s.PromptDone == s.Prompt.Length - 1);
                    s.PromptDone++;
                }
            }
            if (batch.NTokens == 0)
            {
                return;
            }
            var result = decode(context!, batch);
            if (result != 0)
            {
                var error = new InferenceUnavailableException($"llama_decode failed with code {result} (1: no room in the context; 2: aborted; negative: invalid batch or fatal error).");
                foreach (var s in active.ToList())
                {
                    Fail(s, error);
                }
                return;
            }
            foreach (var s in sampled)
            {
                Sample(s);
            }
        }
    }

    private void Sample(Sequence s)
    {
        var token = LlamaNative.SamplerSample(s.Sampler, context!, s.BatchIndex);
        if (!s.Job.Sampling.SuppressEndOfGeneration && model!.IsEndOfGeneration(token))
        {
            Finish(s, FinishReason.EndOfGeneration);
            return;
        }
        s.LastToken = token;
        if (s.Generated++ == 0)
        {
            s.FirstTokenAt = System.Diagnostics.Stopwatch.GetTimestamp();
        }
        InferenceTelemetry.RecordToken(s.Job.Priority);
        var text = s.Utf8.Append(model!.TokenBytes(token));
        if (Emit(s, text, token))
        {
            Finish(s, FinishReason.Stop);
            return;
        }
        if (s.Generated >= s.Job.Sampling.MaxTokens || s.Position >= perSequence)
        {
            Finish(s, FinishReason.Length);
        }
    }

    /// <summary>Writes text, holding back what could be the start of a stop string. True when a stop string appeared.</summary>
    private static bool Emit(Sequence s, string text, int token)
    {
        var stops = s.Job.Sampling.StopStrings;
        if (stops is not { Count: > 0 })
        {
            s.Job.Output.Writer.TryWrite(new GeneratedChunk(text, token));
            return false;
        }
        s.Held.Append(text);
        var held = s.Held.ToString();
        foreach (var stop in stops)
        {
            var at = held.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0)
            {
                s.Held.Clear();
                if (at > 0)
                {
                    s.Job.Output.Writer.TryWrite(new GeneratedChunk(held[..at], token));
                }
                return true;
            }
        }
        var keep = stops.Max(stop => Enumerable.Range(1, Math.Min(stop.Length - 1, held.Length)).Where(n => held.EndsWith(stop[..n], StringComparison.Ordinal)).DefaultIfEmpty(0).Max());
        if (held.Length > keep)
        {
            s.Job.Output.Writer.TryWrite(new GeneratedChunk(held[..^keep], token));
            s.Held.Clear().Append(held[^keep..]);
        }
        return false;
    }

    private void Finish(Sequence s, FinishReason reason)
    {
        InferenceTelemetry.RecordFinished(s.Job.Priority, reason == FinishReason.Cancelled ? "cancelled" : "completed", s.Generated,
            s.FirstTokenAt == 0 ? TimeSpan.Zero : System.Diagnostics.Stopwatch.GetElapsedTime(s.FirstTokenAt));
        var rest = reason == FinishReason.Stop ? "" : s.Held + s.Utf8.Flush();
        if (rest.Length > 0 && reason != FinishReason.Cancelled)
        {
            s.Job.Output.Writer.TryWrite(new GeneratedChunk(rest, -1));
        }
        if (reason == FinishReason.Cancelled)
        {
            s.Job.Output.Writer.TryComplete(new OperationCanceledException(s.Job.Cancellation));
        }
        else
        {
            s.Job.Output.Writer.TryWrite(new GeneratedChunk("", -1, reason));
            s.Job.Output.Writer.TryComplete();
        }
        Release(s);
    }

    private void Fail(Sequence s, Exception error)
    {
        InferenceTelemetry.RecordFinished(s.Job.Priority, "failed", 0, TimeSpan.Zero);
        s.Job.Output.Writer.TryComplete(error);
        Release(s);
    }

    private void Release(Sequence s)
    {
        if (memory != 0)
        {
            LlamaNative.MemorySeqRm(memory, s.Id, -1, -1);
        }
        s.Sampler.Dispose();
        active.Remove(s);
        Volatile.Write(ref activeCount, active.Count);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        InferenceTelemetry.Unregister(this);
        base.Dispose();
        wake.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Model} ready: context {Context} tokens, {Sequences} parallel sequences, natives from {Natives}")]
    private partial void LogLoaded(string model, int context, int sequences, string natives);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {Model} could not be loaded ({ExceptionType}): {Reason}")]
    private partial void LogLoadFailed(string model, string exceptionType, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The engine failed while generating with model {Model} ({ExceptionType}); the model was unloaded and running requests failed")]
    private partial void LogEngineFailed(string exceptionType, string model);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unloading the model failed ({ExceptionType}); its native memory may leak")]
    private partial void LogUnloadFailed(string exceptionType);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The inference loop stopped after an internal error ({ExceptionType})")]
    private partial void LogLoopStopped(string exceptionType);

    private sealed record Job(string? Prompt, IReadOnlyList<(string Role, string Content)>? Messages, SamplingOptions Sampling, Channel<GeneratedChunk> Output, CancellationToken Cancellation,
        InferencePriority Priority, long EnqueuedAt);

    private sealed record ModelCommand(string? Path, TaskCompletionSource Done);

    private sealed class Sequence(Job job, int id, int[] prompt, LlamaSamplerHandle sampler)
    {
        public Job Job { get; } = job;

        public int Id { get; } = id;

        public int[] Prompt { get; } = prompt;

        public LlamaSamplerHandle Sampler { get; } = sampler;

        public int PromptDone { get; set; }

        public bool Prefilled => PromptDone == Prompt.Length;

        public int Position { get; set; }

        public int Generated { get; set; }

        public int LastToken { get; set; }

        public long FirstTokenAt { get; set; }

        public int BatchIndex { get; set; }

        public Utf8Assembler Utf8 { get; } = new();

        public StringBuilder Held { get; } = new();
    }
}
