using System.Security.Claims;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Bench.Functions.Auth;

/// <summary>
/// HTTP functions marked <see cref="AccessTokenRequiredAttribute"/>: authenticates
/// <c>Authorization: Bearer &lt;access token&gt;</c> with <see cref="AccessTokens"/> into HttpContext.User.
/// Otherwise 401 problem+json with a WWW-Authenticate header, never the reason in detail.
/// </summary>
internal sealed class BearerAuthentication(AccessTokens tokens, ILogger<BearerAuthentication> logger) : IFunctionsWorkerMiddleware
{
    public const string SchemeName = "Bearer";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext() ?? throw new InvalidOperationException($"{context.FunctionDefinition.Name} has no HTTP request.");
        string? header = http.Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            await ChallengeAsync(http, failed: false).ConfigureAwait(false);
            return;
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            logger.LogInformation("Bearer token refused: {Reason}", "Authorization is not a bearer token.");
            await ChallengeAsync(http, failed: true).ConfigureAwait(false);
            return;
        }

        var (identity, error) = await tokens.ValidateAsync(header[7..].Trim()).ConfigureAwait(false);
        if (identity is null)
        {
            // The reason is for the log only; the token itself is never written anywhere.
            logger.LogInformation("Bearer token refused: {Reason}", error);
            await ChallengeAsync(http, failed: true).ConfigureAwait(false);
            return;
        }

        http.User = new ClaimsPrincipal(new ClaimsIdentity(identity.Claims, SchemeName, identity.NameClaimType, identity.RoleClaimType));
        await next(context).ConfigureAwait(false);
    }

    private static Task ChallengeAsync(HttpContext http, bool failed)
    {
        http.Response.Headers.WWWAuthenticate = failed ? "Bearer error=\"invalid_token\"" : "Bearer";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: failed ? "The access token is invalid or expired." : "An access token is required (Authorization: Bearer <token>).")
            .ExecuteAsync(http);
    }
}
