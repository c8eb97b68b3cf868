using System.Diagnostics;
using Npgsql;

namespace Bench.Functions.Tests.Infrastructure;

/// <summary>
/// Stops and starts a test server through scripts/services.sh, on the same data dir, to prove what
/// survives a broker or database restart. Tests that use it belong in
/// <see cref="ServerRestartCollection"/>, so nothing else runs while a server is down.
/// </summary>
public static class ServiceControl
{
    private static readonly string[] Services = ["postgres", "rabbitmq", "swift"];

    /// <summary>Stops then starts <paramref name="service"/> and waits until it answers again.</summary>
    public static Task RestartAsync(string service, CancellationToken cancellationToken = default) =>
        RunAsync("restart", service, cancellationToken);

    /// <summary>Stops <paramref name="service"/> (cleanly: RabbitMQ flushes, PostgreSQL checkpoints).</summary>
    public static Task StopAsync(string service, CancellationToken cancellationToken = default) =>
        RunAsync("stop", service, cancellationToken);

    /// <summary>Starts <paramref name="service"/> on its existing data and waits until it answers.</summary>
    public static Task StartAsync(string service, CancellationToken cancellationToken = default) =>
        RunAsync("start", service, cancellationToken);

    private static async Task RunAsync(string command, string service, CancellationToken cancellationToken)
    {
        if (!Services.Contains(service))
        {
            throw new ArgumentException($"Unknown test server '{service}'; expected one of {string.Join(", ", Services)}.", nameof(service));
        }

        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { TestServers.ServicesScript, command, service },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.Environment["BENCH_TEST_STATE_DIR"] = TestServers.StateDir;

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not run {TestServers.ServicesScript}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"services.sh {command} {service} exited with {process.ExitCode}:\n{await stdout}{await stderr}");
        }

        if (service == "postgres")
        {
            // Pooled connections died with the old server; the next Open must not be handed one.
            NpgsqlConnection.ClearAllPools();
        }
    }
}
