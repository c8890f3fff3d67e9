// LLamaSharp 0.30.0 (its own, newer llama.cpp, CPU backend) on the same GGUF, same threads: a peer for
// ./medportal bench inference. Greedy with every end-of-generation token masked, so each sequence decodes exactly
// TOKENS tokens; one sequence, then SEQUENCES at once in one llama_batch per step (what BatchedExecutor does).
// Usage: dotnet LLamaSharpBaseline.dll MODEL.gguf TOKENS THREADS SEQUENCES PROMPT...; prints one JSON line.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LLama;
using LLama.Common;
using LLama.Native;

var modelPath = args[0];
var tokens = int.Parse(args[1], CultureInfo.InvariantCulture);
var threads = int.Parse(args[2], CultureInfo.InvariantCulture);
var sequences = int.Parse(args[3], CultureInfo.InvariantCulture);
NativeLibraryConfig.All.WithLogCallback((level, message) =>
{
    if (level == LLamaLogLevel.Error)
    {
        Console.Error.Write(message);
    }
});
var parameters = new ModelParams(modelPath)
{
    ContextSize = 4096,
    BatchSize = 512,
    SeqMax = (uint)sequences,
    Threads = threads,
    BatchThreads = threads,
    GpuLayerCount = 0,
};
using var weights = LLamaWeights.LoadFromFile(parameters);
using var context = weights.CreateContext(parameters);
var vocab = weights.Vocab;
var endOfGeneration = Enumerable.Range(0, vocab.Count).Where(t => ((LLamaToken)t).IsEndOfGeneration(vocab)).ToHashSet();
var prompts = args[4..];

double Rate(int count)
{
    var handle = context.NativeHandle;
    handle.MemoryClear(true);
    var batch = new LLamaBatch();
    var positions = new int[count];
    var logitIndex = new int[count];
    var clock = Stopwatch.StartNew();
    for (var s = 0; s < count; s++)
    {
        var prompt = context.Tokenize(prompts[s % prompts.Length], true, true);
        batch.AddRange(prompt, 0, (LLamaSeqId)s, true);
        positions[s] = prompt.Length;
        logitIndex[s] = batch.TokenCount - 1;
    }
    var generated = 0;
    for (var step = 0; step < tokens; step++)
    {
        if (context.Decode(batch) != DecodeResult.Ok)
        {
            throw new InvalidOperationException($"llama_decode failed at step {step}");
        }
        var next = new int[count];
        for (var s = 0; s < count; s++)
        {
            var logits = handle.GetLogitsIth(logitIndex[s]);
            var best = -1;
            for (var t = 0; t < logits.Length; t++)
            {
                if ((best < 0 || logits[t] > logits[best]) && !endOfGeneration.Contains(t))
                {
                    best = t;
                }
            }
            next[s] = best;
        }
        batch.Clear();
        for (var s = 0; s < count; s++)
        {
            batch.Add(next[s], positions[s]++, (LLamaSeqId)s, true);
            logitIndex[s] = s;
            generated++;
        }
    }
    return generated / clock.Elapsed.TotalSeconds;
}

Rate(1); // warm-up: pages the weights in
var single = Rate(1);
var batched = Rate(sequences);
Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
{
    ["single_tokens_per_s"] = single,
    ["batched_tokens_per_s"] = batched,
    ["llama_cpp"] = "LLamaSharp 0.30.0 + LLamaSharp.Backend.Cpu",
}));
