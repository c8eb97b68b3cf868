using System.Net;
using System.Net.Http.Json;
using Bench.Functions.Auth;
using Bench.Functions.Tests.Hosting;
using Npgsql;

namespace Bench.Functions.Tests.Auth;

public sealed class RefreshRotationTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private RunningApp App => fixture.App;

    [Fact]
    public async Task RefreshByQueryGivesANewPairAndKillsThePresentedToken()
    {
        var (username, _, first) = await App.RegisterAsync();
        var second = await RefreshByQueryAsync(first.Refresh, HttpStatusCode.OK);

        Assert.NotEqual(first.Refresh, second!.Refresh);
        Assert.NotEqual(Jwt.Payload(first.Access).GetProperty("jti").GetString(), Jwt.Payload(second.Access).GetProperty("jti").GetString());
        Assert.Equal(username, Jwt.Payload(second.Access).GetProperty("sub").GetString());
        using var list = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/storage/list", second.Access));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Theory]
    [InlineData("refresh")]
    [InlineData("refresh_token")]
    [InlineData("rid")]
    public async Task RefreshAcceptsTheTokenInAJsonBodyUnderEachName(string field)
    {
        var (_, _, first) = await App.RegisterAsync();
        using var response = await App.Client.PostAsJsonAsync("/auth/refresh", new Dictionary<string, string> { [field] = first.Refresh });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var second = await response.Content.ReadFromJsonAsync<TokenPair>();
        Assert.NotEqual(first.Refresh, second!.Refresh);
    }

    [Fact]
    public async Task ARotatedTokenPresentedAgainRevokesItsWholeFamily()
    {
        var (_, _, first) = await App.RegisterAsync();
        var second = await RefreshByQueryAsync(first.Refresh, HttpStatusCode.OK);
        var third = await RefreshByQueryAsync(second!.Refresh, HttpStatusCode.OK);

        // An attacker replays the first token: refused, and the live third token dies with it.
        await RefreshByQueryAsync(first.Refresh, HttpStatusCode.Unauthorized);
        await RefreshByQueryAsync(third!.Refresh, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ReuseRevokesOnlyThatLoginsFamilyNotTheUsersOtherSessions()
    {
        var (username, password, first) = await App.RegisterAsync();
        using var login = await App.Client.PostAsJsonAsync("/auth/login", new { username, password });
        var otherSession = await login.Content.ReadFromJsonAsync<TokenPair>();

        await RefreshByQueryAsync(first.Refresh, HttpStatusCode.OK);
        await RefreshByQueryAsync(first.Refresh, HttpStatusCode.Unauthorized);

        Assert.NotNull(await RefreshByQueryAsync(otherSession!.Refresh, HttpStatusCode.OK));
    }

    [Fact]
    public async Task TwoConcurrentUsesOfOneTokenLetAtMostOneThrough()
    {
        var (_, _, first) = await App.RegisterAsync();
        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => App.Client.PostAsync($"/auth/refresh?rid={first.Refresh}", null)));
        Assert.Equal(1, attempts.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(3, attempts.Count(r => r.StatusCode == HttpStatusCode.Unauthorized));
        foreach (var response in attempts)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task AnExpiredRefreshTokenAnswers401()
    {
        var (username, _, first) = await App.RegisterAsync();
        await using (var db = await fixture.Servers.OpenDatabaseAsync())
        {
            await using var expire = new NpgsqlCommand(
                "UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM users WHERE username = $1)", db)
            { Parameters = { new() { Value = username } } };
            Assert.Equal(1, await expire.ExecuteNonQueryAsync());
        }

        var problem = await Problem.AssertAsync(await App.Client.PostAsync($"/auth/refresh?rid={first.Refresh}", null), HttpStatusCode.Unauthorized);
        Assert.Equal("The refresh token is invalid, expired or already used.", problem.Detail());
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AnUnknownRefreshTokenAnswers401(string token) =>
        await RefreshByQueryAsync(token, HttpStatusCode.Unauthorized);

    [Fact]
    public async Task AnAccessTokenPresentedAsARefreshTokenAnswers401()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        await RefreshByQueryAsync(tokens.Access, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RefreshWithoutATokenAnswers400()
    {
        var problem = await Problem.AssertAsync(await App.Client.PostAsync("/auth/refresh", null), HttpStatusCode.BadRequest);
        Assert.Contains("rid", problem.Detail(), StringComparison.Ordinal);
        await Problem.AssertAsync(await App.Client.PostAsJsonAsync("/auth/refresh", new { other = "x" }), HttpStatusCode.BadRequest);
        await Problem.AssertAsync(await App.Client.PostAsync("/auth/refresh", new StringContent("rid=x")), HttpStatusCode.UnsupportedMediaType);
    }

    private async Task<TokenPair?> RefreshByQueryAsync(string token, HttpStatusCode expected)
    {
        using var response = await App.Client.PostAsync($"/auth/refresh?rid={Uri.EscapeDataString(token)}", null);
        if (expected != HttpStatusCode.OK)
        {
            await Problem.AssertAsync(response, expected);
            return null;
        }

        Assert.Equal(expected, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<TokenPair>();
    }
}
