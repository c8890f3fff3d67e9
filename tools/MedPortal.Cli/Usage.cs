namespace MedPortal.Cli;

internal static class Usage
{
    public static string Text(IEnumerable<string> commands) =>
        "usage: medportal <command> [args]\ncommands:\n" + string.Join('\n', commands.Order().Select(c => "  " + c));
}
