using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;access token&gt;</c> with <see cref="AccessTokens"/>.
/// Challenges answer 401 problem+json with a WWW-Authenticate header, never the reason in detail.
/// </summary>
internal sealed class BearerAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    AccessTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        // Anonymous routes ignore the header: MinIO's webhook sends its own bearer token, not a JWT.
        if (string.IsNullOrEmpty(header) || Context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null)
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return AuthenticateResult.Fail("Authorization is not a bearer token.");
        }

        var (identity, error) = await tokens.ValidateAsync(header[7..].Trim()).ConfigureAwait(false);
        if (identity is null)
        {
            // The reason is for the log only; the token itself is never written anywhere.
            Logger.LogInformation("Bearer token refused: {Reason}", error);
            return AuthenticateResult.Fail("Invalid access token.");
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(identity.Claims, SchemeName, identity.NameClaimType, identity.RoleClaimType));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failed = (await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false)).Failure is not null;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = failed ? "Bearer error=\"invalid_token\"" : "Bearer";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: failed ? "The access token is invalid or expired." : "An access token is required (Authorization: Bearer <token>).")
            .ExecuteAsync(Context).ConfigureAwait(false);
    }
}
