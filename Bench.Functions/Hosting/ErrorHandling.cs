using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Bench.Functions.Hosting;

/// <summary>
/// Turns exceptions into problem+json: a bad request becomes the 4xx it deserves with a short reason,
/// an unreachable dependency a 503, anything else a 500 without details. No stack trace reaches a client.
/// </summary>
internal sealed class ErrorHandling(IProblemDetailsService problems, ILogger<ErrorHandling> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = Classify(exception);
        if (status >= 500)
        {
            logger.LogError(exception, "Request failed with {StatusCode}", status);
        }
        else
        {
            logger.LogInformation("Bad request: {Detail}", detail);
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).ConfigureAwait(false);
    }

    internal static (int Status, string Title, string Detail) Classify(Exception exception)
    {
        switch (exception)
        {
            case BadHttpRequestException bad:
                var json = FindJsonException(bad);
                if (json is not null)
                {
                    var where = string.IsNullOrEmpty(json.Path) ? "" : $" at {json.Path}";
                    return (StatusCodes.Status400BadRequest, "Bad Request", $"The request body is not valid JSON for this operation{where}.");
                }

                return (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Payload Too Large" : "Bad Request", bad.Message);
            case JsonException invalid:
                var at = string.IsNullOrEmpty(invalid.Path) ? "" : $" at {invalid.Path}";
                return (StatusCodes.Status400BadRequest, "Bad Request", $"The request body is not valid JSON for this operation{at}.");
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
