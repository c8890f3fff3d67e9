using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace MedPortal.Tests.Infrastructure;

/// <summary>A throw-away PostgreSQL cluster in a temp folder, run as the postgres user like ./medportal does.</summary>
public sealed class PrivateCluster : IAsyncDisposable
{
    private readonly string dir;
    private readonly int port;

    private PrivateCluster(string dir, int port)
    {
        this.dir = dir;
        this.port = port;
    }

    /// <summary>The TCP port on 127.0.0.1 (trust authentication, superuser postgres).</summary>
    public int Port => port;

    private static string Bin => Environment.GetEnvironmentVariable("MEDPORTAL_PG_BIN") ?? "/usr/lib/postgresql/15/bin";

    public static async Task<PrivateCluster> StartAsync()
    {
        var dir = Path.Combine("/tmp", "mp-health-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        await RunAsync("chown", "postgres:postgres", dir);
        await AsPostgresAsync($"{Bin}/initdb", "-D", dir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        var cluster = new PrivateCluster(dir, FreePort());
        await cluster.RestartAsync();
        return cluster;
    }

    public async Task<TestDatabase> CreateDatabaseAsync()
    {
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var ownerPassword = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await using (var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres"))
        {
            await connection.OpenAsync();
            // The same two roles ./medportal makes: the app runs as one that owns nothing.
            foreach (var sql in new[]
                     {
                         $"CREATE ROLE medportal_owner LOGIN PASSWORD '{ownerPassword}'", $"CREATE ROLE medportal LOGIN PASSWORD '{password}'",
                         "CREATE DATABASE mp OWNER medportal_owner",
                     })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }
        }
        return TestDatabase.ForExisting(
            $"Host=127.0.0.1;Port={port};Database=mp;Username=medportal;Password={password};Timeout=3",
            $"Host=127.0.0.1;Port={port};Database=mp;Username=medportal_owner;Password={ownerPassword};Timeout=3");
    }

    public Task RestartAsync() =>
        AsPostgresAsync($"{Bin}/pg_ctl", "-D", dir, "-w", "-l", $"{dir}/log", "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {dir}", "start");

    public Task StopAsync() => AsPostgresAsync($"{Bin}/pg_ctl", "-D", dir, "-m", "immediate", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }
        Directory.Delete(dir, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task AsPostgresAsync(params string[] args) => RunAsync("runuser", ["-u", "postgres", "--", .. args]);

    private static async Task RunAsync(string file, params string[] args)
    {
        var result = await ChildProcess.RunAsync(file, args);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({result.ExitCode}): {result.Error}{result.Output}");
        }
    }
}
