using System.Collections.Concurrent;
using System.Net.Http.Json;
using Bench.Functions.Auth;
using Microsoft.Extensions.Logging;

namespace Bench.Functions.Tests.Hosting;

/// <summary>
/// The function app for HTTP tests. The worker answers HTTP only under a Functions host, so until the
/// stand-in host (branch host) runs it here, starting one fails with a message that says so.
/// </summary>
public sealed class RunningApp : IAsyncDisposable
{
    private RunningApp(Uri baseAddress, CapturedLogs logs)
    {
        BaseAddress = baseAddress;
        Logs = logs;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => throw new NotSupportedException("The worker runs in its own process: observe it through HTTP, the database, S3 or the queue.");

    public static Task<RunningApp> StartAsync(IDictionary<string, string?> settings, string urls = "http://127.0.0.1:0", ServeRole role = ServeRole.All) =>
        throw new NotSupportedException("The isolated worker serves HTTP only under a Functions host; these tests run once the stand-in host (Bench.Functions.Tests/FunctionsHost, branch host) starts it.");

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

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Every formatted log line the app wrote, with its scopes, for asserting what is (not) logged.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            owner._scopes.ForEachScope((scope, list) => list.Add(scope?.ToString() ?? ""), scopes);
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception} [{string.Join(" | ", scopes)}]");
        }
    }
}
