using System.Net;
using System.Net.Http.Json;
using Bench.Functions.Tests.Hosting;

namespace Bench.Functions.Tests.Auth;

public sealed class RateLimitTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task LoginsForOneUsernameBeyondTheLimitAnswer429WithRetryAfter()
    {
        await using var app = await fixture.StartVariantAsync(
            ("BENCH_AUTH_RATE_LIMIT_PER_USERNAME", "3"), ("BENCH_AUTH_RATE_LIMIT_WINDOW_SECONDS", "120"));
        var (username, password, _) = await app.RegisterAsync(); // one attempt for this name

        for (var i = 0; i < 2; i++)
        {
            using var allowed = await app.Client.PostAsJsonAsync("/auth/login", new { username, password = "wrong-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        // Even the right password waits now, and in another letter case, and through the query route.
        using var limited = await app.Client.PostAsJsonAsync("/auth/login", new { username = username.ToUpperInvariant(), password });
        var problem = await Problem.AssertAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.Equal("Too many attempts for this username.", problem.Detail());
        var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 120);
        using var viaQuery = await app.Client.PostAsync($"/auth/password?u={username}&p={password}", null);
        Assert.Equal(HttpStatusCode.TooManyRequests, viaQuery.StatusCode);

        // Another username from the same address is not affected.
        var (other, otherPassword, _) = await app.RegisterAsync();
        using var otherLogin = await app.Client.PostAsJsonAsync("/auth/login", new { username = other, password = otherPassword });
        Assert.Equal(HttpStatusCode.OK, otherLogin.StatusCode);
    }

    [Fact]
    public async Task AttemptsFromOneAddressBeyondTheLimitAnswer429WithRetryAfter()
    {
        await using var app = await fixture.StartVariantAsync(
            ("BENCH_AUTH_RATE_LIMIT_PER_ADDRESS", "4"), ("BENCH_AUTH_RATE_LIMIT_WINDOW_SECONDS", "60"));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await app.Client.PostAsJsonAsync("/auth/login", new { username = RunningApp.NewUsername(), password = "some-password" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var problem = await Problem.AssertAsync(response, HttpStatusCode.TooManyRequests);
                Assert.Equal("Too many attempts from this address.", problem.Detail());
                Assert.InRange(int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
            }
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 4), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);

        // Register shares the address budget; refresh and storage do not.
        using var register = await app.Client.PostAsJsonAsync("/auth/register", new { username = RunningApp.NewUsername(), password = "some-password" });
        Assert.Equal(HttpStatusCode.TooManyRequests, register.StatusCode);
        using var refresh = await app.Client.PostAsync("/auth/refresh?rid=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", null);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
    }

    [Fact]
    public async Task TheLimitOpensAgainAfterTheWindow()
    {
        await using var app = await fixture.StartVariantAsync(
            ("BENCH_AUTH_RATE_LIMIT_PER_USERNAME", "1"), ("BENCH_AUTH_RATE_LIMIT_WINDOW_SECONDS", "2"));
        var username = RunningApp.NewUsername();
        var statuses = new List<HttpStatusCode>();
        while (statuses.Count < 6 && !statuses.Contains(HttpStatusCode.TooManyRequests))
        {
            using var attempt = await app.Client.PostAsJsonAsync("/auth/login", new { username, password = "wrong-password" });
            statuses.Add(attempt.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var later = await app.Client.PostAsJsonAsync("/auth/login", new { username, password = "wrong-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, later.StatusCode);
    }

    [Fact]
    public async Task BehindATrustedLoopbackProxyEachForwardedClientHasItsOwnBudget()
    {
        await using var app = await fixture.StartVariantAsync(
            ("BENCH_AUTH_RATE_LIMIT_PER_ADDRESS", "1"), ("BENCH_TRUST_FORWARDED_HEADERS", "true"));
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginFromAsync(app, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginFromAsync(app, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginFromAsync(app, "203.0.113.8"));
    }

    [Fact]
    public async Task WithoutTrustTheForwardedHeaderDoesNotBuyAFreshBudget()
    {
        await using var app = await fixture.StartVariantAsync(("BENCH_AUTH_RATE_LIMIT_PER_ADDRESS", "1"));
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginFromAsync(app, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await LoginFromAsync(app, "203.0.113.8"));
    }

    private static async Task<HttpStatusCode> LoginFromAsync(RunningApp app, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/login")
        {
            Content = JsonContent.Create(new { username = RunningApp.NewUsername(), password = "some-password" }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await app.Client.SendAsync(request);
        return response.StatusCode;
    }
}
