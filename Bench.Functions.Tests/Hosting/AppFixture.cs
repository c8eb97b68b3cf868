namespace Bench.Functions.Tests.Hosting;

/// <summary>One database, one bucket and one running app per test class; tests own their users.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public AppServers Servers { get; } = new();

    public RunningApp App { get; private set; } = null!;

    public Dictionary<string, string?> Settings { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await Servers.InitializeAsync();
        Settings = Servers.Settings();
        App = await RunningApp.StartAsync(Settings);
    }

    /// <summary>A second app on the same database and bucket with some settings changed.</summary>
    public Task<RunningApp> StartVariantAsync(params (string Name, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>(Settings);
        foreach (var (name, value) in overrides)
        {
            settings[name] = value;
        }

        return RunningApp.StartAsync(settings);
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
