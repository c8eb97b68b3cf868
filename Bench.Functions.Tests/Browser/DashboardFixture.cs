using Bench.Functions.Tests.Hosting;

namespace Bench.Functions.Tests.Browser;

/// <summary>
/// The real worker with the real dashboard (web's build output in the worker's ui/ folder), its own
/// database, bucket and queue, the analysis consumer running, and jobs complete two seconds after
/// their last file so a test sees the final state quickly.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public AppServers Servers { get; } = new();

    public RunningApp App { get; private set; } = null!;

    public Uri Dashboard => new(App.BaseAddress, "/ui/");

    public async Task InitializeAsync()
    {
        var index = Path.Combine(RunningApp.WorkerDirectory, "ui", "index.html");
        if (!File.Exists(index))
        {
            throw new InvalidOperationException($"{index} is missing: the dashboard's build (build/Web.targets, web/) did not run into the worker's output.");
        }

        await Servers.InitializeAsync();
        var settings = Servers.Settings();
        settings["MINIO_PUBLIC_ENDPOINT"] = Servers.S3Endpoint.ToString();
        settings["BENCH_SWEEP_SECONDS"] = "1";
        settings["BENCH_JOB_SETTLE_SECONDS"] = "2";
        App = await RunningApp.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        await Servers.DisposeAsync();
    }
}
