using System.Globalization;
using System.Threading.RateLimiting;
using Bench.Functions.Options;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Auth;

/// <summary>
/// Login and register are limited twice: per client address (ASP.NET's rate-limiting middleware,
/// policy <see cref="AddressPolicy"/>) and per username (<see cref="UsernameRateLimiter"/>, applied
/// by the handler once it has read the name). Both answer 429 with Retry-After and a problem body.
/// </summary>
internal static class AuthRateLimits
{
    public const string AddressPolicy = "auth-per-address";

    public static IServiceCollection AddAuthRateLimits(this IServiceCollection services)
    {
        services.AddSingleton<UsernameRateLimiter>();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(AddressPolicy, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(address, _ => Window(options.PermitsPerAddress, options.Window));
            });
            limiter.OnRejected = (context, _) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : (TimeSpan?)null;
                return new ValueTask(TooManyRequests(retryAfter, "Too many attempts from this address.").ExecuteAsync(context.HttpContext));
            };
        });
        return services;
    }

    public static TooManyRequestsResult TooManyRequests(TimeSpan? retryAfter, string detail) => new(retryAfter, detail);

    internal static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>Attempts per username (case-insensitive) within a fixed window.</summary>
internal sealed class UsernameRateLimiter(IOptions<RateLimitOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
        username => RateLimitPartition.GetFixedWindowLimiter(
            username, _ => AuthRateLimits.Window(options.Value.PermitsPerUsername, options.Value.Window)),
        StringComparer.Ordinal);

    /// <summary>Null when the attempt may go ahead, else how long to wait.</summary>
    public TimeSpan? TryAcquire(string username)
    {
        using var lease = _limiter.AttemptAcquire(username.ToLowerInvariant());
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Value.Window;
    }

    public void Dispose() => _limiter.Dispose();
}
