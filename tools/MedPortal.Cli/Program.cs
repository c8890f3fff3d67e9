// Operator commands behind ./medportal (eval, audit, model). Each command lives in its feature folder.
using MedPortal.Cli;
using MedPortal.Cli.Audit;
using MedPortal.Cli.Models;
using MedPortal.Cli.Privacy;
using MedPortal.Cli.Users;

var commands = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
{
    ["audit checkpoint"] = AuditCheckpointCommand.RunAsync,
    ["audit verify"] = AuditVerifyCommand.RunAsync,
    ["eval phi"] = EvalPhiCommand.RunAsync,
    ["eval triage"] = EvalTriageCommand.RunAsync,
    ["model synth"] = ModelSynthCommand.RunAsync,
    ["user create"] = UserCreateCommand.RunAsync,
};

if (args.Length >= 2 && commands.TryGetValue($"{args[0]} {args[1]}", out var command))
{
    return await command(args[2..]);
}

Console.Error.WriteLine(Usage.Text(commands.Keys));
return 2;
