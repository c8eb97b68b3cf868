using System.ComponentModel;
using Bench.Functions.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Bench.Functions.Functions;

/// <summary>
/// <c>POST /auth/register</c>, <c>/auth/login</c>, <c>/auth/password?u=&amp;p=</c> and
/// <c>/auth/refresh?rid=</c>: token pairs <c>{access, refresh}</c> as the public contract says.
/// </summary>
internal static class AuthFunctions
{
    public static IEndpointRouteBuilder MapAuthFunctions(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/auth").WithTags("Auth").AllowAnonymous();

        auth.MapPost("/register", RegisterAsync)
            .WithName("AuthRegister")
            .WithSummary("Create an account and log in.")
            .WithDescription("Username 5-20 characters from A-Z a-z 0-9 . _ - (unique regardless of case); password 8-128 characters.")
            .RequireRateLimiting(AuthRateLimits.AddressPolicy);
        auth.MapPost("/login", LoginJsonAsync)
            .WithName("AuthLogin")
            .WithSummary("Log in with a JSON body.")
            .RequireRateLimiting(AuthRateLimits.AddressPolicy);
        auth.MapPost("/password", LoginQueryAsync)
            .WithName("AuthPassword")
            .WithSummary("Log in with the username and password in the query (legacy clients).")
            .RequireRateLimiting(AuthRateLimits.AddressPolicy);
        auth.MapPost("/refresh", RefreshAsync)
            .WithName("AuthRefresh")
            .WithSummary("Trade a refresh token for a new pair; the presented token dies.")
            .WithDescription("The token comes as ?rid= or as JSON {\"refresh\"|\"refresh_token\"|\"rid\": \"...\"}. Presenting a token that was already used revokes every token of its login.")
            .Accepts<RefreshRequest>(isOptional: true, "application/json");
        return routes;
    }

    private static async Task<Results<Created<TokenPair>, ProblemHttpResult, TooManyRequestsResult>> RegisterAsync(
        [FromBody] CredentialsRequest body, AuthService auth, UsernameRateLimiter limiter, CancellationToken cancellationToken)
    {
        var errors = Credentials.Validate(body.Username, body.Password);
        if (errors.Count > 0)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(errors)
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "The username or password breaks the rules.",
            });
        }

        if (limiter.TryAcquire(body.Username!) is { } wait)
        {
            return AuthRateLimits.TooManyRequests(wait, "Too many attempts for this username.");
        }

        var (outcome, tokens, _) = await auth.RegisterAsync(body.Username, body.Password, cancellationToken).ConfigureAwait(false);
        return outcome == RegisterOutcome.Created
            ? TypedResults.Created((string?)null, tokens)
            : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: "That username is taken.");
    }

    private static Task<Results<Ok<TokenPair>, ProblemHttpResult, TooManyRequestsResult>> LoginJsonAsync(
        [FromBody] CredentialsRequest body, AuthService auth, UsernameRateLimiter limiter, CancellationToken cancellationToken) =>
        LoginAsync(body.Username, body.Password, auth, limiter, cancellationToken);

    private static Task<Results<Ok<TokenPair>, ProblemHttpResult, TooManyRequestsResult>> LoginQueryAsync(
        [FromQuery, Description("Username")] string? u, [FromQuery, Description("Password")] string? p,
        AuthService auth, UsernameRateLimiter limiter, CancellationToken cancellationToken) =>
        LoginAsync(u, p, auth, limiter, cancellationToken);

    private static async Task<Results<Ok<TokenPair>, ProblemHttpResult, TooManyRequestsResult>> LoginAsync(
        string? username, string? password, AuthService auth, UsernameRateLimiter limiter, CancellationToken cancellationToken)
    {
        if (Credentials.CouldBeValid(username, password) && limiter.TryAcquire(username!) is { } wait)
        {
            return AuthRateLimits.TooManyRequests(wait, "Too many attempts for this username.");
        }

        var tokens = await auth.LoginAsync(username, password, cancellationToken).ConfigureAwait(false);
        return tokens is null ? Unauthorized("Wrong username or password.") : TypedResults.Ok(tokens);
    }

    private static async Task<Results<Ok<TokenPair>, ProblemHttpResult>> RefreshAsync(
        [FromQuery, Description("Refresh token")] string? rid, HttpRequest request, AuthService auth, CancellationToken cancellationToken)
    {
        var token = rid;
        if (token is null && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0))
        {
            if (!request.HasJsonContentType())
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Media Type",
                    detail: "Send the refresh token as ?rid= or as an application/json body.");
            }

            var body = await request.ReadFromJsonAsync<RefreshRequest>(cancellationToken).ConfigureAwait(false);
            token = body?.Token;
        }

        if (string.IsNullOrEmpty(token))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request",
                detail: "A refresh token is required: ?rid=<token> or JSON {\"refresh\": \"<token>\"}.");
        }

        var tokens = await auth.RefreshAsync(token, cancellationToken).ConfigureAwait(false);
        return tokens is null ? Unauthorized("The refresh token is invalid, expired or already used.") : TypedResults.Ok(tokens);
    }

    private static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail);
}
