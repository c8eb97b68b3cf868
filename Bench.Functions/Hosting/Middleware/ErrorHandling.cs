using System.Reflection;
using System.Text.Json;
using Bench.Functions.Options;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bench.Functions.Hosting.Middleware;

/// <summary>
/// HTTP functions: runs the function and then its result, and turns exceptions into problem+json: a bad
/// request becomes the 4xx it deserves with a short reason, an unreachable dependency a 503, anything
/// else a 500 without details. No stack trace reaches a client.
/// </summary>
internal sealed class ErrorHandling(IProblemDetailsService problems, IOptions<HttpOptions> http, ILogger<ErrorHandling> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var httpContext = context.GetHttpContext() ?? throw new InvalidOperationException($"{context.FunctionDefinition.Name} has no HTTP request.");
        try
        {
            await next(context).ConfigureAwait(false);
            // Executed here rather than after the pipeline, so its status is logged and its failures handled.
            var invocation = context.GetInvocationResult();
            if (invocation.Value is IResult result)
            {
                invocation.Value = null;
                await result.ExecuteAsync(httpContext).ConfigureAwait(false);
            }
        }
        catch (Exception thrown) when (thrown is not OperationCanceledException || !httpContext.RequestAborted.IsCancellationRequested)
        {
            var exception = Unwrap(thrown);
            var (status, title, detail) = Classify(exception);
            if (status == StatusCodes.Status413PayloadTooLarge)
            {
                detail = BodyLimit.TooLarge(http.Value.MaxBodyBytes);
            }

            if (status >= 500)
            {
                logger.LogError(exception, "Request failed with {StatusCode}", status);
            }
            else
            {
                logger.LogInformation("Bad request: {Detail}", detail);
            }

            if (httpContext.Response.HasStarted)
            {
                // Too late for a problem body: the client sees the response cut short.
                throw;
            }

            httpContext.Response.Clear();
            httpContext.Response.StatusCode = status;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails = { Status = status, Title = title, Detail = detail },
            }).ConfigureAwait(false);
        }
    }

    internal static (int Status, string Title, string Detail) Classify(Exception exception)
    {
        switch (exception)
        {
            case BadHttpRequestException bad:
                var json = FindJsonException(bad);
                if (json is not null)
                {
                    return (StatusCodes.Status400BadRequest, "Bad Request", NotValidJson(json));
                }

                return (bad.StatusCode, bad.StatusCode switch
                {
                    StatusCodes.Status413PayloadTooLarge => "Payload Too Large",
                    StatusCodes.Status415UnsupportedMediaType => "Unsupported Media Type",
                    _ => "Bad Request",
                }, bad.Message);
            case JsonException invalid:
                return (StatusCodes.Status400BadRequest, "Bad Request", NotValidJson(invalid));
            case NpgsqlException and not PostgresException:
            case PostgresException { IsTransient: true }:
            case PostgresException { SqlState: "55000" or "57P01" or "57P02" or "57P03" or "3D000" }:
            case Amazon.Runtime.AmazonServiceException { StatusCode: 0 or >= System.Net.HttpStatusCode.InternalServerError }:
            case HttpRequestException:
            case TimeoutException:
                return (StatusCodes.Status503ServiceUnavailable, "Service Unavailable", "A backing service is unavailable; try again later.");
            default:
                return (StatusCodes.Status500InternalServerError, "Internal Server Error", "An unexpected error occurred.");
        }
    }

    private static string NotValidJson(JsonException json) =>
        $"The request body is not valid JSON for this operation{(string.IsNullOrEmpty(json.Path) ? "" : $" at {json.Path}")}.";

    private static Exception Unwrap(Exception exception) => exception switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        _ => exception,
    };

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is JsonException json)
            {
                return json;
            }
        }

        return null;
    }
}
