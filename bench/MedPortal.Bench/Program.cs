// Benchmarks behind ./medportal bench NAME. Each writes bench/results/NAME.json and prints a table.
using MedPortal.Bench.Audit;
using MedPortal.Bench.Chat;
using MedPortal.Bench.Inference;
using MedPortal.Bench.Pdf;
using MedPortal.Bench.Queue;
using MedPortal.Bench.Triage;

var benches = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
{
    ["audit"] = AuditBench.RunAsync,
    ["chat"] = ChatBench.RunAsync,
    ["inference"] = InferenceBench.RunAsync,
    ["pdf"] = PdfBench.RunAsync,
    ["queue"] = QueueBench.RunAsync,
    ["triage"] = TriageBench.RunAsync,
};

if (args.Length >= 1 && benches.TryGetValue(args[0], out var bench))
{
    return await bench(args[1..]);
}

Console.Error.WriteLine("usage: medportal bench <" + string.Join('|', benches.Keys.Order()) + ">");
return 2;
