using System.Diagnostics;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Bench.Functions.Hosting.Middleware;

/// <summary>
/// HTTP functions: one structured line per request (method, path without query, status, time, and the
/// RequestId, also as a scope for the lines logged meanwhile), echoed to the client as X-Request-ID. Query strings are never logged:
/// /auth/password and /auth/refresh carry secrets there.
/// </summary>
internal sealed class RequestLogging(ILogger<RequestLogging> logger) : IFunctionsWorkerMiddleware
{
    private const string Header = "X-Request-ID";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext() ?? throw new InvalidOperationException($"{context.FunctionDefinition.Name} has no HTTP request.");
        string? incoming = http.Request.Headers[Header];
        if (incoming is { Length: > 0 and <= 64 } && incoming.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            http.TraceIdentifier = incoming;
        }

        // Set as the response starts: error handling clears headers set earlier.
        http.Response.OnStarting(static state =>
        {
            var response = (HttpContext)state;
            response.Response.Headers[Header] = response.TraceIdentifier;
            return Task.CompletedTask;
        }, http);
        using var scope = logger.BeginScope("RequestId:{RequestId}", http.TraceIdentifier);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            logger.LogInformation(
                "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:F1} ms (request {RequestId})",
                http.Request.Method,
                http.Request.Path.Value,
                http.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                http.TraceIdentifier);
        }
    }
}
