using Bench.Functions.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace Bench.Functions.Functions;

/// <summary>
/// <c>POST /auth/register</c>, <c>/auth/login</c>, <c>/auth/password?u=&amp;p=</c> and
/// <c>/auth/refresh?rid=</c>: token pairs <c>{access, refresh}</c> as the public contract says.
/// Register and the two logins are rate limited per client address and per username.
/// </summary>
internal sealed class AuthFunctions(AuthService auth, AuthRateLimiter limiter)
{
    [Function("AuthRegister")]
    public async Task<Results<Created<TokenPair>, ProblemHttpResult, TooManyRequestsResult>> RegisterAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/register")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (limiter.TryAcquireAddress(request.HttpContext) is { } tooMany)
        {
            return tooMany;
        }

        var body = await JsonBody.ReadAsync<CredentialsRequest>(request, cancellationToken).ConfigureAwait(false);
        var errors = Credentials.Validate(body.Username, body.Password);
        if (errors.Count > 0)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(errors)
            {
                Status = StatusCodes.Status422UnprocessableEntity,
                Title = "The username or password breaks the rules.",
            });
        }

        if (limiter.TryAcquireUsername(body.Username!) is { } tooManyForName)
        {
            return tooManyForName;
        }

        var (outcome, tokens, _) = await auth.RegisterAsync(body.Username, body.Password, cancellationToken).ConfigureAwait(false);
        return outcome == RegisterOutcome.Created
            ? TypedResults.Created((string?)null, tokens)
            : Problems.Conflict("That username is taken.");
    }

    [Function("AuthLogin")]
    public async Task<Results<Ok<TokenPair>, ProblemHttpResult, TooManyRequestsResult>> LoginJsonAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/login")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (limiter.TryAcquireAddress(request.HttpContext) is { } tooMany)
        {
            return tooMany;
        }

        var body = await JsonBody.ReadAsync<CredentialsRequest>(request, cancellationToken).ConfigureAwait(false);
        return await LoginAsync(body.Username, body.Password, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Legacy clients send the username and password in the query (u, p).</summary>
    [Function("AuthPassword")]
    public async Task<Results<Ok<TokenPair>, ProblemHttpResult, TooManyRequestsResult>> LoginQueryAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/password")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (limiter.TryAcquireAddress(request.HttpContext) is { } tooMany)
        {
            return tooMany;
        }

        return await LoginAsync(request.Query["u"], request.Query["p"], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The token comes as ?rid= or as JSON {"refresh"|"refresh_token"|"rid": "..."}; the presented token dies.</summary>
    [Function("AuthRefresh")]
    public async Task<Results<Ok<TokenPair>, ProblemHttpResult>> RefreshAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "auth/refresh")] HttpRequest request, CancellationToken cancellationToken)
    {
        string? token = request.Query["rid"];
        if (token is null && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0))
        {
            if (!request.HasJsonContentType())
            {
                return Problems.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported Media Type",
                    "Send the refresh token as ?rid= or as an application/json body.");
            }

            var body = await request.ReadFromJsonAsync<RefreshRequest>(cancellationToken).ConfigureAwait(false);
            token = body?.Token;
        }

        if (string.IsNullOrEmpty(token))
        {
            return Problems.BadRequest("A refresh token is required: ?rid=<token> or JSON {\"refresh\": \"<token>\"}.");
        }

        var tokens = await auth.RefreshAsync(token, cancellationToken).ConfigureAwait(false);
        return tokens is null ? Problems.Unauthorized("The refresh token is invalid, expired or already used.") : TypedResults.Ok(tokens);
    }

    private async Task<Results<Ok<TokenPair>, ProblemHttpResult, TooManyRequestsResult>> LoginAsync(
        string? username, string? password, CancellationToken cancellationToken)
    {
        if (Credentials.CouldBeValid(username, password) && limiter.TryAcquireUsername(username!) is { } tooMany)
        {
            return tooMany;
        }

        var tokens = await auth.LoginAsync(username, password, cancellationToken).ConfigureAwait(false);
        return tokens is null ? Problems.Unauthorized("Wrong username or password.") : TypedResults.Ok(tokens);
    }
}
