using MedPortal.Core.Privacy;
using MedPortal.Core.Privacy.Evaluation;

namespace MedPortal.Cli.Privacy;

/// <summary><c>medportal eval phi FILE.json [--json] [--split tune|heldout|all] [--split-file FILE]</c>.</summary>
internal static class EvalPhiCommand
{
    private const string SplitFileName = "phi-blind-split.json";

    private const string Usage =
        "usage: medportal eval phi FILE.json [--json] [--errors] [--split tune|heldout|all] [--split-file phi-blind-split.json]\n" +
        "       FILE: a JSON array of {\"full_text\", \"spans\": [{\"entity_type\", \"start_position\", \"end_position\"}], \"template_id\"}\n" +
        "       recall = share of PHI characters masked; precision = share of masked characters inside any labelled span\n" +
        "       --errors lists, per sentence, the PHI left unmasked (-) and the unlabelled text masked (+)\n" +
        "       --split needs the held-out template list: --split-file, else phi-blind-split.json beside FILE or in tests/data/public";

    public static Task<int> RunAsync(string[] args) => Task.FromResult(Run(args));

    private static int Run(string[] args)
    {
        var json = false;
        var errors = false;
        var split = PhiSplit.All;
        string? splitFile = null;
        string? file = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json":
                    json = true;
                    break;
                case "--errors":
                    errors = true;
                    break;
                case "--split" when i + 1 < args.Length:
                    switch (args[++i])
                    {
                        case "tune":
                            split = PhiSplit.Tune;
                            break;
                        case "heldout" or "held-out":
                            split = PhiSplit.HeldOut;
                            break;
                        case "all":
                            split = PhiSplit.All;
                            break;
                        default:
                            Console.Error.WriteLine($"unknown split '{args[i]}' (tune, heldout or all)\n{Usage}");
                            return 2;
                    }

                    break;
                case "--split-file" when i + 1 < args.Length:
                    splitFile = args[++i];
                    break;
                case "-h" or "--help":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) || file is not null)
                    {
                        Console.Error.WriteLine($"unknown argument '{args[i]}'\n{Usage}");
                        return 2;
                    }

                    file = args[i];
                    break;
            }
        }

        if (file is null)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"error: file '{file}' does not exist");
            return 2;
        }

        try
        {
            IReadOnlyList<LabelledText> items;
            using (var stream = File.OpenRead(file))
            {
                items = PhiEvaluation.Parse(stream);
            }

            if (split != PhiSplit.All)
            {
                var path = splitFile ?? FindSplitFile(file);
                if (path is null || !File.Exists(path))
                {
                    Console.Error.WriteLine($"error: --split {Name(split)} needs {SplitFileName}: pass --split-file PATH");
                    return 2;
                }

                using var stream = File.OpenRead(path);
                items = PhiEvaluation.Select(items, split, PhiEvaluation.ReadHeldOut(stream));
            }

            var scrubber = new PhiScrubber();
            if (errors)
            {
                Console.Write(PhiEvaluation.Errors(scrubber, items));
            }

            var report = PhiEvaluation.Evaluate(scrubber, items);
            Console.Write(json ? PhiEvaluation.ToJson(report, Name(split)) + "\n" : PhiEvaluation.ToText(report, Name(split)));
            return 0;
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine($"error: {file}: {ex.Message}");
            return 2;
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"error: cannot read {file}: {ex.Message}");
            return 2;
        }
    }

    private static string Name(PhiSplit split) => split switch
    {
        PhiSplit.All => "all",
        PhiSplit.Tune => "tune",
        PhiSplit.HeldOut => "heldout",
    };

    /// <summary>The split file beside the data file, else the repository's tests/data/public copy above the working directory.</summary>
    private static string? FindSplitFile(string file)
    {
        var beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", SplitFileName);
        if (File.Exists(beside))
        {
            return beside;
        }

        foreach (var origin in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "data", "public", SplitFileName);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
