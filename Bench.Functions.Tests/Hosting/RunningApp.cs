using System.Net.Http.Json;
using Bench.Functions.Auth;
using Bench.FunctionsHost;

namespace Bench.Functions.Tests.Hosting;

/// <summary>
/// The real worker (Bench.Functions' build output) under the stand-in Functions host on a loopback
/// port, with settings as its environment; its log lines (RpcLog and stdout/stderr) captured.
/// </summary>
public sealed class RunningApp : IAsyncDisposable
{
    private RunningApp(FunctionsHost.FunctionsHost host)
    {
        Host = host;
        Client = new HttpClient { BaseAddress = host.BaseAddress };
    }

    public FunctionsHost.FunctionsHost Host { get; }

    public Uri BaseAddress => Host.BaseAddress;

    public HttpClient Client { get; }

    public WorkerLog Logs => Host.Log;

    /// <summary>The built worker's folder: Bench.Functions/bin/&lt;configuration&gt;/net10.0, beside these tests' build.</summary>
    public static string WorkerDirectory => Path.GetDirectoryName(FunctionsMetadata.Path)!;

    /// <summary>Starts a worker and waits until every function is loaded; fails with the worker's output if it exits.</summary>
    public static async Task<RunningApp> StartAsync(IEnumerable<KeyValuePair<string, string?>> settings, ServeRole role = ServeRole.All)
    {
        var host = await FunctionsHost.FunctionsHost.StartAsync(new FunctionsHostOptions
        {
            AppDirectory = WorkerDirectory,
            Settings = role.With(settings),
        });
        return new RunningApp(host);
    }

    /// <summary>Fires a timer function now, as its schedule would; throws if the function failed.</summary>
    public Task RunTimerAsync(string function) => Host.InvokeTimerAsync(function);

    /// <summary>Registers a fresh random user and returns its name, password and tokens.</summary>
    public async Task<(string Username, string Password, TokenPair Tokens)> RegisterAsync(string? username = null)
    {
        username ??= NewUsername();
        var password = "pw-" + Guid.NewGuid().ToString("N")[..16];
        using var response = await Client.PostAsJsonAsync("/auth/register", new { username, password });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var tokens = await response.Content.ReadFromJsonAsync<TokenPair>();
        return (username, password, tokens!);
    }

    public static string NewUsername() => "u" + Guid.NewGuid().ToString("N")[..12];

    public HttpRequestMessage Authorized(HttpMethod method, string path, string accessToken)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
