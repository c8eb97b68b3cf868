using System.Threading.RateLimiting;
using Bench.Functions.Options;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Auth;

/// <summary>
/// Login and register attempts are limited twice within a fixed window: per client address
/// (BENCH_AUTH_RATE_LIMIT_PER_ADDRESS, checked first by the auth functions) and per username,
/// case-insensitive (BENCH_AUTH_RATE_LIMIT_PER_USERNAME, once the name is read). Both answer 429 with
/// Retry-After and a problem body.
/// </summary>
internal sealed class AuthRateLimiter : IDisposable
{
    private readonly RateLimitOptions _options;
    private readonly PartitionedRateLimiter<string> _addresses;
    private readonly PartitionedRateLimiter<string> _usernames;

    public AuthRateLimiter(IOptions<RateLimitOptions> options)
    {
        _options = options.Value;
        _addresses = Create(_options.PermitsPerAddress, _options.Window);
        _usernames = Create(_options.PermitsPerUsername, _options.Window);
    }

    /// <summary>Null when the request may go ahead, else the 429 to answer.</summary>
    public TooManyRequestsResult? TryAcquireAddress(HttpContext http) =>
        TryAcquire(_addresses, http.Connection.RemoteIpAddress?.ToString() ?? "unknown", "Too many attempts from this address.");

    /// <summary>Null when the attempt may go ahead, else the 429 to answer.</summary>
    public TooManyRequestsResult? TryAcquireUsername(string username) =>
        TryAcquire(_usernames, username.ToLowerInvariant(), "Too many attempts for this username.");

    public void Dispose()
    {
        _addresses.Dispose();
        _usernames.Dispose();
    }

    private TooManyRequestsResult? TryAcquire(PartitionedRateLimiter<string> limiter, string key, string detail)
    {
        using var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return null;
        }

        return new TooManyRequestsResult(lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : _options.Window, detail);
    }

    private static PartitionedRateLimiter<string> Create(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(
            key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }),
            StringComparer.Ordinal);
}
