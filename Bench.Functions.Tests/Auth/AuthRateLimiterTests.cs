using Bench.Functions.Auth;
using Bench.Functions.Options;
using Microsoft.AspNetCore.Http;

namespace Bench.Functions.Tests.Auth;

/// <summary>The limiter the auth functions call: permits per address and per username within a fixed window.</summary>
public sealed class AuthRateLimiterTests
{
    [Fact]
    public void AnAddressBeyondItsPermitsGets429WithRetryAfterWithinTheWindow()
    {
        using var limiter = Create(perAddress: 2, perUsername: 100, windowSeconds: 90);
        var first = Client("10.0.0.1");
        Assert.Null(limiter.TryAcquireAddress(first));
        Assert.Null(limiter.TryAcquireAddress(first));
        var refused = limiter.TryAcquireAddress(first);
        Assert.NotNull(refused);
        Assert.Equal(429, refused.StatusCode);
        Assert.InRange(refused.RetryAfterSeconds, 1, 90);
        // Another address has its own permits.
        Assert.Null(limiter.TryAcquireAddress(Client("10.0.0.2")));
    }

    [Fact]
    public void AUsernameIsLimitedRegardlessOfCase()
    {
        using var limiter = Create(perAddress: 100, perUsername: 1, windowSeconds: 60);
        Assert.Null(limiter.TryAcquireUsername("Alice.1"));
        Assert.NotNull(limiter.TryAcquireUsername("alice.1"));
        Assert.Null(limiter.TryAcquireUsername("bob.22"));
    }

    private static AuthRateLimiter Create(int perAddress, int perUsername, int windowSeconds) =>
        new(Microsoft.Extensions.Options.Options.Create(new RateLimitOptions
        {
            PermitsPerAddress = perAddress,
            PermitsPerUsername = perUsername,
            Window = TimeSpan.FromSeconds(windowSeconds),
        }));

    private static DefaultHttpContext Client(string address)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(address);
        return context;
    }
}
