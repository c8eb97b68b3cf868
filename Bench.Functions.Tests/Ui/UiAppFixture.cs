using Bench.Functions.Tests.Hosting;

namespace Bench.Functions.Tests.Ui;

/// <summary>The real worker serving <see cref="UiFixtureDist"/> (BENCH_UI_DIRECTORY), with its own database and bucket.</summary>
public sealed class UiAppFixture : IAsyncLifetime
{
    public AppServers Servers { get; } = new();

    public UiFixtureDist Dist { get; } = new();

    public RunningApp App { get; private set; } = null!;

    /// <summary>The S3 origin presigned URLs point at; the page's CSP lets it connect there.</summary>
    public Uri S3PublicEndpoint => Servers.S3Endpoint;

    public async Task InitializeAsync()
    {
        await Servers.InitializeAsync();
        var settings = Servers.Settings();
        settings["BENCH_UI_DIRECTORY"] = Dist.Directory;
        settings["MINIO_PUBLIC_ENDPOINT"] = S3PublicEndpoint.ToString();
        App = await RunningApp.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        await Servers.DisposeAsync();
        Dist.Dispose();
    }
}
