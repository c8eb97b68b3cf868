using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Bench.Functions.Auth;
using Bench.Functions.Tests.Hosting;
using Npgsql;

namespace Bench.Functions.Tests.Auth;

public sealed class AuthFlowTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private RunningApp App => fixture.App;

    [Fact]
    public async Task RegisterAnswers201WithAnAccessTokenCarryingTheContractClaims()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var (username, _, tokens) = await App.RegisterAsync();
        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var header = Jwt.Header(tokens.Access);
        Assert.Equal("HS256", header.GetProperty("alg").GetString());
        Assert.Equal("at+jwt", header.GetProperty("typ").GetString());
        var claims = Jwt.Payload(tokens.Access);
        Assert.Equal(username, claims.GetProperty("sub").GetString());
        Assert.Equal("api", claims.GetProperty("scope").GetString());
        Assert.Equal("bench", claims.GetProperty("iss").GetString());
        Assert.Equal("bench-api", claims.GetProperty("aud").GetString());
        Assert.Equal(32, claims.GetProperty("jti").GetString()!.Length);
        var iat = claims.GetProperty("iat").GetInt64();
        Assert.InRange(iat, before - 1, after + 1); // issued during the call, however long a loaded machine made it
        Assert.Equal(600, claims.GetProperty("exp").GetInt64() - iat);
        // 256 random bits, base64url without padding: 43 characters.
        Assert.Matches("^[A-Za-z0-9_-]{43}$", tokens.Refresh);
    }

    [Fact]
    public async Task TheTokensFromRegisterWorkAtOnce()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        using var list = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/storage/list", tokens.Access));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var refresh = await App.Client.PostAsync($"/auth/refresh?rid={tokens.Refresh}", null);
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
    }

    [Fact]
    public async Task RegisteringATakenNameInAnotherLetterCaseAnswers409()
    {
        var (username, _, _) = await App.RegisterAsync();
        using var again = await App.Client.PostAsJsonAsync("/auth/register", new { username = username.ToUpperInvariant(), password = "another-password" });
        var problem = await Problem.AssertAsync(again, HttpStatusCode.Conflict);
        Assert.Equal("That username is taken.", problem.Detail());
    }

    [Theory]
    [InlineData("abcd", "password123", "username")]
    [InlineData("abcdefghijklmnopqrstu", "password123", "username")]
    [InlineData("bad name", "password123", "username")]
    [InlineData("bad/name", "password123", "username")]
    [InlineData("..abc", "password123", "username")]
    [InlineData("gooduser", "short7!", "password")]
    [InlineData(null, "password123", "username")]
    [InlineData("gooduser", null, "password")]
    public async Task RegisteringAgainstTheRulesAnswers422NamingTheField(string? username, string? password, string field)
    {
        using var response = await App.Client.PostAsJsonAsync("/auth/register", new { username, password });
        var problem = await Problem.AssertAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.Contains(field, messages[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasswordsOf8And128CharactersAreAcceptedAnd129IsNot()
    {
        await RegisterWith(new string('p', 8), HttpStatusCode.Created);
        await RegisterWith(new string('p', 128), HttpStatusCode.Created);
        await RegisterWith(new string('p', 129), HttpStatusCode.UnprocessableEntity);

        async Task RegisterWith(string password, HttpStatusCode expected)
        {
            using var response = await App.Client.PostAsJsonAsync("/auth/register", new { username = RunningApp.NewUsername(), password });
            Assert.Equal(expected, response.StatusCode);
        }
    }

    [Fact]
    public async Task LoginWithJsonAndWithTheQueryBothGiveWorkingPairs()
    {
        var (username, password, _) = await App.RegisterAsync();
        using var json = await App.Client.PostAsJsonAsync("/auth/login", new { username = username.ToUpperInvariant(), password });
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        var fromJson = await json.Content.ReadFromJsonAsync<TokenPair>();
        Assert.Equal(username, Jwt.Payload(fromJson!.Access).GetProperty("sub").GetString());

        using var query = await App.Client.PostAsync($"/auth/password?u={Uri.EscapeDataString(username)}&p={Uri.EscapeDataString(password)}", null);
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        var fromQuery = await query.Content.ReadFromJsonAsync<TokenPair>();
        Assert.NotEqual(fromJson.Refresh, fromQuery!.Refresh);
        using var list = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/files/list", fromQuery.Access));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Theory]
    [InlineData("wrong-password")]
    [InlineData(null)]
    public async Task LoginWithAWrongPasswordAnswers401(string? password)
    {
        var (username, _, _) = await App.RegisterAsync();
        using var json = await App.Client.PostAsJsonAsync("/auth/login", new { username, password });
        var problem = await Problem.AssertAsync(json, HttpStatusCode.Unauthorized);
        Assert.Equal("Wrong username or password.", problem.Detail());
        using var query = await App.Client.PostAsync($"/auth/password?u={username}&p={password}", null);
        await Problem.AssertAsync(query, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task LoginAsAnUnknownUserAnswersTheSame401AsAWrongPassword()
    {
        using var response = await App.Client.PostAsJsonAsync("/auth/login", new { username = RunningApp.NewUsername(), password = "whatever-password" });
        var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Wrong username or password.", problem.Detail());
    }

    [Fact]
    public async Task PasswordsAreStoredAsPbkdf2Sha512WithTheirParametersAndVerifyIndependently()
    {
        var (username, password, _) = await App.RegisterAsync();
        await using var db = await fixture.Servers.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand("SELECT password_hash FROM users WHERE username = $1", db) { Parameters = { new() { Value = username } } };
        var stored = (string)(await command.ExecuteScalarAsync())!;

        var parts = stored.Split('$');
        Assert.Equal("pbkdf2-sha512", parts[0]);
        Assert.Equal(210_000, int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        var salt = Convert.FromBase64String(parts[2]);
        Assert.Equal(16, salt.Length);
        var expected = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, 210_000, HashAlgorithmName.SHA512, 64);
        Assert.Equal(Convert.ToBase64String(expected), parts[3]);
        Assert.DoesNotContain(password, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshTokensAreStoredOnlyAsTheirSha256()
    {
        var (username, _, tokens) = await App.RegisterAsync();
        await using var db = await fixture.Servers.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand(
            "SELECT t.token_hash, t.expires_at - t.created_at FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE u.username = $1", db)
        { Parameters = { new() { Value = username } } };
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(tokens.Refresh)), (byte[])reader[0]);
        Assert.InRange(reader.GetTimeSpan(1), TimeSpan.FromDays(30) - TimeSpan.FromSeconds(5), TimeSpan.FromDays(30) + TimeSpan.FromSeconds(5));
        Assert.False(await reader.ReadAsync());
    }
}
