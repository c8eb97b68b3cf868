using Microsoft.AspNetCore.Http.HttpResults;

namespace Bench.Functions.Functions;

/// <summary>The problem+json answers the functions give, with the titles clients see.</summary>
internal static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) => Of(StatusCodes.Status400BadRequest, "Bad Request", detail);

    public static ProblemHttpResult Unauthorized(string detail) => Of(StatusCodes.Status401Unauthorized, "Unauthorized", detail);

    public static ProblemHttpResult NotFound(string detail) => Of(StatusCodes.Status404NotFound, "Not Found", detail);

    public static ProblemHttpResult Conflict(string detail) => Of(StatusCodes.Status409Conflict, "Conflict", detail);

    public static ProblemHttpResult Of(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
