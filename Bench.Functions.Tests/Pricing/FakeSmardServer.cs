using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bench.Functions.Tests.Pricing;

/// <summary>
/// A loopback HTTP server that answers like www.smard.de's chart_data API from canned bodies, counts every
/// request by path, and can answer with an error status, a delay, or broken JSON.
/// </summary>
internal sealed class FakeSmardServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (int Status, string Body, TimeSpan Delay)> _routes = new();
    private readonly ConcurrentDictionary<string, int> _requests = new();
    private int _inFlight;
    private int _maxInFlight;
    private bool _stopped;

    private FakeSmardServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Most requests the server was answering at the same moment.</summary>
    public int MaxConcurrentRequests => Volatile.Read(ref _maxInFlight);

    public static async Task<FakeSmardServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeSmardServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = new Uri(app.Urls.Single());
        return server;
    }

    /// <summary>Serves <c>{"timestamps":[...]}</c> for the filter, region and resolution.</summary>
    public void ServeIndex(long[] blockStartsMs, string region = "DE-LU", string resolution = "hour", int filter = 4169) =>
        Serve($"/app/chart_data/{filter}/{region}/index_{resolution}.json",
            "{\"timestamps\":[" + string.Join(",", blockStartsMs) + "]}");

    /// <summary>Serves a block shaped like SMARD's (meta_data first, then [ms, value|null] pairs).</summary>
    public void ServeBlock(long blockStartMs, IEnumerable<(long Ms, double? Value)> rows,
        string region = "DE-LU", string resolution = "hour", int filter = 4169, TimeSpan delay = default)
    {
        var json = new StringBuilder("{\"meta_data\":{\"version\":1,\"created\":1717000000000},\"series\":[");
        json.AppendJoin(",", rows.Select(r =>
            $"[{r.Ms},{(r.Value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "null")}]"));
        json.Append("]}");
        Serve(BlockPath(blockStartMs, region, resolution, filter), json.ToString(), delay: delay);
    }

    public static string BlockPath(long blockStartMs, string region = "DE-LU", string resolution = "hour", int filter = 4169) =>
        $"/app/chart_data/{filter}/{region}/{filter}_{region}_{resolution}_{blockStartMs}.json";

    public static string IndexPath(string region = "DE-LU", string resolution = "hour", int filter = 4169) =>
        $"/app/chart_data/{filter}/{region}/index_{resolution}.json";

    public void Serve(string path, string body, int status = 200, TimeSpan delay = default) =>
        _routes[path] = (status, body, delay);

    /// <summary>Requests seen for one path.</summary>
    public int RequestsFor(string path) => _requests.GetValueOrDefault(path);

    /// <summary>Requests seen for block files (anything but an index).</summary>
    public int BlockRequests => _requests.Where(r => !r.Key.Contains("/index_", StringComparison.Ordinal)).Sum(r => r.Value);

    public int TotalRequests => _requests.Values.Sum();

    /// <summary>Paths requested, sorted, for readable assertion failures.</summary>
    public IReadOnlyList<string> RequestedPaths => [.. _requests.Keys.Order(StringComparer.Ordinal)];

    public void ResetCounts() => _requests.Clear();

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            if (!_routes.TryGetValue(path, out var route))
            {
                context.Response.StatusCode = 404;
                return;
            }

            if (route.Delay > TimeSpan.Zero)
            {
                await Task.Delay(route.Delay, context.RequestAborted);
            }

            context.Response.StatusCode = route.Status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(route.Body, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up (timeout test); nothing to answer.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
