using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Bench.Functions.Tests.Hosting;

namespace Bench.Functions.Tests.Auth;

/// <summary>Access tokens that must not open the storage routes, each forged by hand.</summary>
public sealed class TokenForgeryTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private RunningApp App => fixture.App;

    private byte[] Secret => Encoding.UTF8.GetBytes(fixture.Settings["JWT_SECRET"]!);

    [Fact]
    public async Task AHandForgedTokenWithTheRealKeyIsAcceptedSoTheRefusalsBelowMeanSomething()
    {
        var token = Jwt.Forge(Jwt.HeaderHs256(), Jwt.Claims(RunningApp.NewUsername()), Secret);
        Assert.Equal(HttpStatusCode.OK, await ListStatusAsync(token));
    }

    [Fact]
    public async Task AlgNoneIsRefused()
    {
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "at+jwt" };
        Assert.Equal(HttpStatusCode.Unauthorized, await ListStatusAsync(Jwt.Forge(header, Jwt.Claims(RunningApp.NewUsername()), null)));
    }

    [Fact]
    public async Task AWrongKeyIsRefused()
    {
        var wrong = Encoding.UTF8.GetBytes("this-is-not-the-secret-but-long-enough-000");
        Assert.Equal(HttpStatusCode.Unauthorized, await ListStatusAsync(Jwt.Forge(Jwt.HeaderHs256(), Jwt.Claims(RunningApp.NewUsername()), wrong)));
    }

    [Fact]
    public async Task AnExpiredTokenIsRefused()
    {
        var claims = Jwt.Claims(RunningApp.NewUsername(), issuedAt: DateTimeOffset.UtcNow.AddMinutes(-20));
        Assert.Equal(HttpStatusCode.Unauthorized, await ListStatusAsync(Jwt.Forge(Jwt.HeaderHs256(), claims, Secret)));
    }

    [Fact]
    public async Task AWrongAudienceIsRefused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await ListStatusAsync(Jwt.Forge(Jwt.HeaderHs256(), Jwt.Claims(RunningApp.NewUsername(), audience: "someone-else"), Secret)));

    [Fact]
    public async Task AWrongIssuerIsRefused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await ListStatusAsync(Jwt.Forge(Jwt.HeaderHs256(), Jwt.Claims(RunningApp.NewUsername(), issuer: "evil"), Secret)));

    [Fact]
    public async Task ATokenWithoutTheApiScopeIsRefused()
    {
        var claims = Jwt.Claims(RunningApp.NewUsername());
        claims["scope"] = "refresh";
        Assert.Equal(HttpStatusCode.Unauthorized, await ListStatusAsync(Jwt.Forge(Jwt.HeaderHs256(), claims, Secret)));
    }

    [Fact]
    public async Task ATokenOfAnotherTypeIsRefused()
    {
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
        Assert.Equal(HttpStatusCode.Unauthorized, await ListStatusAsync(Jwt.Forge(header, Jwt.Claims(RunningApp.NewUsername()), Secret)));
    }

    [Fact]
    public async Task ASubjectThatIsNotAUsernameIsRefused() =>
        Assert.Equal(HttpStatusCode.Unauthorized, await ListStatusAsync(Jwt.Forge(Jwt.HeaderHs256(), Jwt.Claims("../other"), Secret)));

    [Fact]
    public async Task ATamperedPayloadIsRefused()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        var parts = tokens.Access.Split('.');
        var forged = Jwt.Forge(Jwt.HeaderHs256(), Jwt.Claims("someoneelse"), Secret).Split('.')[1];
        Assert.Equal(HttpStatusCode.Unauthorized, await ListStatusAsync($"{parts[0]}.{forged}.{parts[2]}"));
    }

    [Fact]
    public async Task ARefreshTokenUsedAsAnAccessTokenIsRefusedWithAProblemAndAChallenge()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/storage/list", tokens.Refresh));
        var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("The access token is invalid or expired.", problem.Detail());
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Theory]
    [InlineData("/storage/list", "GET")]
    [InlineData("/files/list", "GET")]
    [InlineData("/storage/presign/upload?object_name=a.h5", "POST")]
    [InlineData("/storage/presign/download?object_name=a.h5", "GET")]
    [InlineData("/files/presign/upload?object_name=a.h5", "POST")]
    [InlineData("/files/presign/download?object_name=a.h5", "GET")]
    public async Task EveryStorageRouteWantsAToken(string path, string method)
    {
        using var response = await App.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var problem = await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("access token is required", problem.Detail(), StringComparison.Ordinal);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task AnAuthorizationHeaderThatIsNotBearerIsRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/storage/list");
        request.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");
        using var response = await App.Client.SendAsync(request);
        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized);
    }

    private async Task<HttpStatusCode> ListStatusAsync(string token)
    {
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/storage/list", token));
        return response.StatusCode;
    }
}
