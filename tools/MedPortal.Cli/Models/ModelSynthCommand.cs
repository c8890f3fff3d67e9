using System.Diagnostics;
using System.Globalization;
using MedPortal.Inference;
using MedPortal.Inference.Synthesis;
using Microsoft.Extensions.Options;

namespace MedPortal.Cli.Models;

/// <summary>
/// <c>medportal model synth NAME [--blocks N] [--out FILE]</c>: writes a random-weights GGUF with the exact shape,
/// vocabulary size and quantisation of a known model (<see cref="ModelShape.Known"/>) into the models folder, for
/// benchmarks of what a model of that size costs. --blocks keeps every other dimension and changes only the depth.
/// </summary>
internal static class ModelSynthCommand
{
    private const string UsageText = "usage: medportal model synth NAME [--blocks N] [--out FILE]";

    public static Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || !ModelShape.Known.TryGetValue(args[0], out var shape))
        {
            return Fail($"{UsageText}\nknown shapes: {string.Join(", ", ModelShape.Known.Keys.Order(StringComparer.Ordinal))}");
        }
        string? output = null;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--blocks" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var blocks) && blocks > 0:
                    shape = shape with { Blocks = blocks };
                    i++;
                    break;
                case "--out" when value is { Length: > 0 }:
                    output = value;
                    i++;
                    break;
                default:
                    return Fail($"{UsageText}\n'{args[i]}' is not an option or lacks its value (--blocks takes a positive number)");
            }
        }
        output = Path.GetFullPath(output ?? Path.Combine(new ModelFolder(Options.Create(new InferenceOptions())).Root, shape.Name + ".gguf"));
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var partial = output + ".part";
        var clock = Stopwatch.StartNew();
        var bytes = SyntheticModel.Write(shape, partial);
        File.Move(partial, output, overwrite: true);
        var header = GgufHeader.Read(output);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"model: wrote {output} ({bytes / 1e6:F1} MB, {header.Tensors.Count} tensors, {clock.Elapsed.TotalSeconds:F1} s): {shape.Blocks} blocks, n_embd {shape.Embedding}, n_ff {shape.FeedForward}, {shape.Heads} heads, {shape.KvHeads} KV heads, {shape.VocabularySize} tokens, {shape.Type}, random weights"));
        Console.WriteLine($"model: to use it, set Inference__ModelPath={output}");
        return Task.FromResult(0);
    }

    private static Task<int> Fail(string message)
    {
        Console.Error.WriteLine(message);
        return Task.FromResult(2);
    }
}
