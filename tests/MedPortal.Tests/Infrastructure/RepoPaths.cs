namespace MedPortal.Tests.Infrastructure;

/// <summary>Finds files of the repository from the test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration these tests were built in.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string CliDll => Path.Combine(Root, "tools", "MedPortal.Cli", "bin", Configuration, "net10.0", "medportal-cli.dll");

    public static string WebDll => Path.Combine(Root, "src", "MedPortal.Web", "bin", Configuration, "net10.0", "MedPortal.Web.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MedPortal.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("MedPortal.sln not found above " + AppContext.BaseDirectory);
    }
}
