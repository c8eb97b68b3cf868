using System.Globalization;

namespace Bench.Functions.Auth;

/// <summary>429 problem+json with Retry-After in whole seconds (rounded up, at least 1).</summary>
internal sealed class TooManyRequestsResult(TimeSpan? retryAfter, string detail) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status429TooManyRequests;

    public int RetryAfterSeconds { get; } = Math.Max(1, (int)Math.Ceiling((retryAfter ?? TimeSpan.FromSeconds(1)).TotalSeconds));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too Many Requests", detail: detail)
            .ExecuteAsync(httpContext);
    }
}
