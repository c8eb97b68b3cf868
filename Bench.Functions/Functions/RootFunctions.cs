using Bench.Functions.Hosting;
using Bench.Functions.Queue;
using Bench.Functions.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Npgsql;

namespace Bench.Functions.Functions;

/// <summary><c>GET {"message":"Hello World"}</c>.</summary>
public sealed record HelloResponse(string Message);

/// <summary>Liveness or readiness with one entry per dependency ("ok" or what failed).</summary>
public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, string>? Checks = null);

/// <summary><c>GET /</c>, <c>GET /healthz</c> (alive) and <c>GET /readyz</c> (this worker's dependencies reachable).</summary>
internal sealed class RootFunctions(NpgsqlDataSource database, StorageService storage, WorkerRole role, RabbitConnections rabbit, ILogger<RootFunctions> logger)
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Greeting; also what the Functions host pings. The route matches only the empty path.</summary>
    [Function("Root")]
    public Ok<HelloResponse> Root([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{ignored:maxlength(0)?}")] HttpRequest request) =>
        TypedResults.Ok(new HelloResponse("Hello World"));

    /// <summary>The process is alive.</summary>
    [Function("Healthz")]
    public Ok<HealthResponse> Healthz([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequest request) =>
        TypedResults.Ok(new HealthResponse("alive"));

    /// <summary>PostgreSQL and S3 (and RabbitMQ when this worker consumes the analysis queue) are reachable, else 503.</summary>
    [Function("Readyz")]
    public async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> ReadyAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "readyz")] HttpRequest request, CancellationToken cancellationToken)
    {
        var probes = new List<Task<KeyValuePair<string, string>>>
        {
            CheckAsync("postgres", async ct =>
            {
                await using var command = database.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            }, logger, cancellationToken),
            CheckAsync("s3", async ct => await storage.BucketReachableAsync(ct).ConfigureAwait(false), logger, cancellationToken),
        };
        if (role.RunsAnalysisConsumer)
        {
            // A consumer is useless without its queue; the HTTP functions record jobs without it (the sweeper publishes later).
            probes.Add(CheckAsync("rabbitmq", async ct =>
            {
                if (!await rabbit.IsOpenAsync(RabbitConnections.Consume, ct).ConfigureAwait(false))
                {
                    throw new InvalidOperationException("the connection is recovering");
                }
            }, logger, cancellationToken));
        }

        var checks = await Task.WhenAll(probes).ConfigureAwait(false);

        var ready = checks.All(c => c.Value == "ok");
        var body = new HealthResponse(ready ? "ready" : "unavailable", checks.ToDictionary(c => c.Key, c => c.Value));
        return ready ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<KeyValuePair<string, string>> CheckAsync(string name, Func<CancellationToken, Task> probe, ILogger logger, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await probe(timeout.Token).ConfigureAwait(false);
            return new(name, "ok");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Readiness check {Check} failed", name);
            // The kind of failure only: messages can carry hosts and user names.
            return new(name, e is OperationCanceledException ? "timeout" : "unreachable: " + e.GetType().Name);
        }
    }
}
