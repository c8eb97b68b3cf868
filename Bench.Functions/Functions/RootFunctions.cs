using Bench.Functions.Hosting;
using Bench.Functions.Queue;
using Bench.Functions.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Bench.Functions.Functions;

/// <summary><c>GET {"message":"Hello World"}</c>.</summary>
public sealed record HelloResponse(string Message);

/// <summary>Liveness or readiness with one entry per dependency ("ok" or what failed).</summary>
public sealed record HealthResponse(string Status, IReadOnlyDictionary<string, string>? Checks = null);

/// <summary><c>GET /</c>, <c>GET /healthz</c> (alive) and <c>GET /readyz</c> (the role's dependencies reachable).</summary>
internal static class RootFunctions
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public static IEndpointRouteBuilder MapRootFunctions(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", () => TypedResults.Ok(new HelloResponse("Hello World")))
            .WithName("Root").WithSummary("Greeting; also what the Functions host pings.").WithTags("Health");
        return routes.MapHealthFunctions();
    }

    public static IEndpointRouteBuilder MapHealthFunctions(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => TypedResults.Ok(new HealthResponse("alive")))
            .WithName("Healthz").WithSummary("The process is alive.").WithTags("Health");
        routes.MapGet("/readyz", ReadyAsync)
            .WithName("Readyz").WithSummary("PostgreSQL and S3 (and RabbitMQ for the analysis role) are reachable, else 503.").WithTags("Health");
        return routes;
    }

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> ReadyAsync(
        NpgsqlDataSource database, StorageService storage, RoleInfo role, RabbitConnections rabbit, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(RootFunctions));
        var probes = new List<Task<KeyValuePair<string, string>>>
        {
            CheckAsync("postgres", async ct =>
            {
                await using var command = database.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
            }, logger, cancellationToken),
            CheckAsync("s3", async ct => await storage.BucketReachableAsync(ct).ConfigureAwait(false), logger, cancellationToken),
        };
        if (role.ServesAnalysis)
        {
            // The analysis role is useless without its queue; the api role records jobs without it (the sweeper publishes later).
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
