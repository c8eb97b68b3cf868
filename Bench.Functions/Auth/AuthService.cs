using Bench.Functions.Options;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Auth;

/// <summary>The outcome of a registration.</summary>
internal enum RegisterOutcome
{
    Created,
    Invalid,
    Taken,
}

/// <summary>Registration, login and refresh-token rotation; the HTTP layer only maps outcomes.</summary>
internal sealed class AuthService(
    UserStore users,
    RefreshTokenStore refreshTokens,
    AccessTokens accessTokens,
    IOptions<JwtOptions> options,
    ILogger<AuthService> logger)
{
    private readonly PasswordHasher _hasher = new(options.Value.Pbkdf2Iterations);

    /// <summary>PBKDF2 is CPU-bound by design; at most one hash per core runs, the rest queue here instead of starving the thread pool.</summary>
    private static readonly SemaphoreSlim HashingGate = new(Environment.ProcessorCount);

    /// <summary>
    /// Imported Argon2 hashes verify one at a time, apart from PBKDF2: each already runs its lanes on
    /// several cores, may take up to a GiB (passlib's defaults: 100 MiB) and seconds of managed code.
    /// </summary>
    private static readonly SemaphoreSlim Argon2Gate = new(1);

    public async Task<(RegisterOutcome Outcome, TokenPair? Tokens, Dictionary<string, string[]> Errors)> RegisterAsync(
        string? username, string? password, CancellationToken cancellationToken)
    {
        var errors = Credentials.Validate(username, password);
        if (errors.Count > 0)
        {
            return (RegisterOutcome.Invalid, null, errors);
        }

        var hash = await HashAsync(HashingGate, () => _hasher.Hash(password!), cancellationToken).ConfigureAwait(false);
        var user = await users.CreateAsync(username!, hash, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return (RegisterOutcome.Taken, null, errors);
        }

        logger.LogInformation("Registered user {Username}", user.Username);
        return (RegisterOutcome.Created, await IssuePairAsync(user, Guid.CreateVersion7(), cancellationToken).ConfigureAwait(false), errors);
    }

    /// <summary>A new token pair, or null when the username or password is wrong (indistinguishably).</summary>
    public async Task<TokenPair?> LoginAsync(string? username, string? password, CancellationToken cancellationToken)
    {
        if (!Credentials.CouldBeValid(username, password))
        {
            return null;
        }

        var user = await users.FindAsync(username!, cancellationToken).ConfigureAwait(false);
        bool matches;
        string? rehashed = null;
        if (user is not null && Argon2PhcHash.LooksLikeArgon2(user.PasswordHash))
        {
            matches = await HashAsync(Argon2Gate, () => VerifyImported(user, password!), cancellationToken).ConfigureAwait(false);
            rehashed = matches ? await HashAsync(HashingGate, () => _hasher.Hash(password!), cancellationToken).ConfigureAwait(false) : null;
        }
        else
        {
            matches = await HashAsync(HashingGate, () => Verify(user, password!), cancellationToken).ConfigureAwait(false);
        }

        if (!matches || user is null)
        {
            logger.LogInformation("Failed login for {Username}", username);
            return null;
        }

        // Only if the stored hash is still the imported one: a concurrent login may have replaced it already.
        if (rehashed is not null && await users.ReplacePasswordHashAsync(user.Id, user.PasswordHash, rehashed, cancellationToken).ConfigureAwait(false))
        {
            logger.LogInformation("Rehashed the imported Argon2 password of {Username} with PBKDF2", user.Username);
        }

        return await IssuePairAsync(user, Guid.CreateVersion7(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A new pair for a live refresh token; the presented token dies either way.</summary>
    public async Task<TokenPair?> RefreshAsync(string? presented, CancellationToken cancellationToken)
    {
        var presentedHash = RefreshTokens.HashOf(presented);
        if (presentedHash is null)
        {
            return null;
        }

        var successor = RefreshTokens.New();
        var (outcome, username) = await refreshTokens.RotateAsync(
            presentedHash, RefreshTokens.HashOf(successor)!, options.Value.RefreshTokenLifetime, cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case RotationOutcome.Rotated:
                return new TokenPair(accessTokens.Issue(username!), successor);
            case RotationOutcome.ReuseDetected:
                logger.LogWarning("Refresh token reuse for {Username}: its token family is revoked", username);
                return null;
            default:
                logger.LogInformation("Refresh refused: {Outcome}", outcome);
                return null;
        }
    }

    /// <summary>Whether <paramref name="password"/> is the user's PBKDF2 password; unknown users cost the same time.</summary>
    private bool Verify(UserRecord? user, string password)
    {
        if (user is null)
        {
            _hasher.SpendVerificationTime(password);
            return false;
        }

        return PasswordHasher.Verify(password, user.PasswordHash);
    }

    /// <summary>Whether <paramref name="password"/> matches the Argon2 hash an account imported from the Python system still has.</summary>
    private bool VerifyImported(UserRecord user, string password)
    {
        var imported = Argon2PhcHash.TryParse(user.PasswordHash, out var error);
        if (imported is null)
        {
            logger.LogWarning("The stored Argon2 hash of {Username} is unusable ({Error}); nobody can log in as them", user.Username, error);
            return false;
        }

        return imported.Verify(password);
    }

    private async Task<TokenPair> IssuePairAsync(UserRecord user, Guid familyId, CancellationToken cancellationToken)
    {
        var refresh = RefreshTokens.New();
        await refreshTokens.IssueAsync(user.Id, familyId, RefreshTokens.HashOf(refresh)!, options.Value.RefreshTokenLifetime, cancellationToken).ConfigureAwait(false);
        return new TokenPair(accessTokens.Issue(user.Username), refresh);
    }

    private static async Task<T> HashAsync<T>(SemaphoreSlim gate, Func<T> work, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return work();
        }
        finally
        {
            gate.Release();
        }
    }
}
