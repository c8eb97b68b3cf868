using System.Net;
using Bench.Functions.Jobs;
using Bench.Functions.Queue;
using Bench.Functions.Triggers;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bench.Functions.Functions;

/// <summary>
/// The custom-handler endpoints of the two non-HTTP functions: the Functions host calls
/// <c>POST /AnalyzeObject</c> for each RabbitMQ message and <c>POST /NightlyRescan</c> for each timer tick.
/// A 2xx answer consumes the message; a non-2xx one fails the invocation and the host requeues it.
/// Only loopback callers (the host runs beside the handler) are served.
/// </summary>
internal static class TriggerFunctions
{
    /// <summary>The binding names in functions/AnalyzeObject and functions/NightlyRescan function.json.</summary>
    public const string MessageBinding = "message";
    public const string TimerBinding = "timer";

    private static readonly TimeSpan ClaimPatience = TimeSpan.FromSeconds(30);

    public static IEndpointRouteBuilder MapAnalyzeObjectTrigger(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/AnalyzeObject", AnalyzeObjectAsync)
            .WithName("AnalyzeObject").WithTags("Triggers")
            .WithSummary("Functions host invocation for one bench.analysis message.")
            .ExcludeFromDescription();
        return routes;
    }

    public static IEndpointRouteBuilder MapNightlyRescanTrigger(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/NightlyRescan", NightlyRescanAsync)
            .WithName("NightlyRescan").WithTags("Triggers")
            .WithSummary("Functions host invocation for the rescan timer.")
            .ExcludeFromDescription();
        return routes;
    }

    private static async Task<Results<Ok<InvocationResponse>, JsonHttpResult<InvocationResponse>, ProblemHttpResult>> AnalyzeObjectAsync(
        HttpContext context, ObjectAnalyzer analyzer, CancellationToken cancellationToken)
    {
        if (!FromLoopback(context))
        {
            return Forbidden();
        }

        var data = InvocationRequest.TryRead(await ReadBodyAsync(context, cancellationToken).ConfigureAwait(false), MessageBinding, out var error);
        if (data is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request", detail: error);
        }

        var message = JobMessage.TryParse(data.Value);
        if (message is null)
        {
            // Retrying cannot make it readable: consume it, and say so in the invocation's logs.
            return TypedResults.Ok(InvocationResponse.WithLogs("message dropped: it is not a job message {\"job_id\",\"bucket\",\"key\",\"etag\"}"));
        }

        // The host waits for the answer: a short patience with an unreachable database, then 500 and a requeue.
        var outcome = await analyzer.RunAsync(message, ClaimPatience, cancellationToken).ConfigureAwait(false);
        switch (outcome.Action)
        {
            case MessageAction.Ack or MessageAction.DeadLetter:
                return TypedResults.Ok(InvocationResponse.WithLogs(outcome.Summary));
            case MessageAction.Retry:
                // The host requeues at once: waiting here is the backoff.
                if (outcome.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(outcome.Delay, cancellationToken).ConfigureAwait(false);
                }

                return Failed(outcome.Summary);
            default:
                return Failed(outcome.Summary);
        }
    }

    private static async Task<Results<Ok<InvocationResponse>, JsonHttpResult<InvocationResponse>, ProblemHttpResult>> NightlyRescanAsync(
        HttpContext context, RescanService rescan, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!FromLoopback(context))
        {
            return Forbidden();
        }

        if (InvocationRequest.TryRead(await ReadBodyAsync(context, cancellationToken).ConfigureAwait(false), TimerBinding, out var error) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request", detail: error);
        }

        try
        {
            var report = await rescan.RunExclusiveAsync(cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(InvocationResponse.WithLogs(report?.ToString() ?? "rescan skipped: another process is running it"));
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
        {
            loggers.CreateLogger(typeof(TriggerFunctions)).LogError(e, "Rescan failed");
            return Failed($"rescan failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private static JsonHttpResult<InvocationResponse> Failed(string log) =>
        TypedResults.Json(InvocationResponse.WithLogs(log), statusCode: StatusCodes.Status500InternalServerError);

    private static bool FromLoopback(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);

    private static ProblemHttpResult Forbidden() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
            detail: "Trigger invocations are accepted from the Functions host on loopback only.");

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, cancellationToken).ConfigureAwait(false);
        return body.ToArray();
    }
}
