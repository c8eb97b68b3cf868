using System.Diagnostics;

namespace Bench.Functions.Hosting;

/// <summary>
/// One structured line per request (method, path without query, status, time) under a RequestId
/// scope, echoed to the client as X-Request-ID. Query strings are never logged: /auth/password and
/// /auth/refresh carry secrets there.
/// </summary>
internal sealed class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    private const string Header = "X-Request-ID";

    public async Task InvokeAsync(HttpContext context)
    {
        string? incoming = context.Request.Headers[Header];
        if (incoming is { Length: > 0 and <= 64 } && incoming.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            context.TraceIdentifier = incoming;
        }

        // Set as the response starts: the exception handler clears headers set earlier.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[Header] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        using var scope = logger.BeginScope("RequestId:{RequestId}", context.TraceIdentifier);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            logger.LogInformation(
                "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:F1} ms",
                context.Request.Method,
                context.Request.Path.Value,
                context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
