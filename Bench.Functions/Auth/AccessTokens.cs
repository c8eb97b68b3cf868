using System.Security.Claims;
using System.Text;
using Bench.Functions.Options;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bench.Functions.Auth;

/// <summary>
/// Issues and validates HS256 access tokens (RFC 9068 shape: typ <c>at+jwt</c>, sub, scope, iat, exp,
/// iss, aud, jti). Refresh tokens are opaque and never JWTs, so neither kind passes for the other.
/// </summary>
internal sealed class AccessTokens
{
    public const string TokenType = "at+jwt";
    public const string ApiScope = "api";

    private readonly JwtOptions _options;
    private readonly SymmetricSecurityKey _key;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly TimeProvider _time;

    public AccessTokens(IOptions<JwtOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_options.Secret));
        _time = time;
        Parameters = new TokenValidationParameters
        {
            ValidIssuer = _options.Issuer,
            ValidAudience = _options.Audience,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidTypes = [TokenType],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = JwtRegisteredClaimNames.Sub,
        };
    }

    public TokenValidationParameters Parameters { get; }

    public TimeSpan Lifetime => _options.AccessTokenLifetime;

    public string Issue(string username)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = TokenType,
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + _options.AccessTokenLifetime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [JwtRegisteredClaimNames.Sub] = username,
                [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
                ["scope"] = ApiScope,
            },
        });
    }

    /// <summary>The caller's identity, or null with a reason when the token must be refused.</summary>
    public async Task<(ClaimsIdentity? Identity, string? Error)> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, Parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return (null, result.Exception?.GetType().Name ?? "invalid token");
        }

        var identity = result.ClaimsIdentity;
        var scopes = identity.FindFirst("scope")?.Value.Split(' ') ?? [];
        if (!scopes.Contains(ApiScope, StringComparer.Ordinal))
        {
            return (null, "token lacks the api scope");
        }

        var subject = identity.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        if (string.IsNullOrEmpty(subject) || subject.Length > Credentials.UsernameMax || !subject.All(Credentials.IsUsernameCharacter))
        {
            return (null, "token subject is not a username");
        }

        return (identity, null);
    }
}
