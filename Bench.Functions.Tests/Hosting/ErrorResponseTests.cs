using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Bench.Functions.Tests.Hosting;

/// <summary>Bad requests get a 4xx problem+json body, never a 500 and never server internals.</summary>
public sealed class ErrorResponseTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private RunningApp App => fixture.App;

    [Theory]
    [InlineData("{\"username\":", "valid JSON")]
    [InlineData("not json at all", "valid JSON")]
    [InlineData("{\"username\": 12345, \"password\": \"password123\"}", "at $.username")]
    [InlineData("{\"username\": \"gooduser\", \"password\": [1,2]}", "at $.password")]
    [InlineData("[]", "valid JSON")]
    public async Task MalformedOrMistypedJsonAnswers400(string body, string detail)
    {
        foreach (var path in new[] { "/auth/register", "/auth/login", "/auth/refresh" })
        {
            using var response = await App.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
            // Refresh ignores fields it does not know, so a mistyped username there is just a missing token.
            Assert.Contains(path == "/auth/refresh" && detail.StartsWith("at", StringComparison.Ordinal) ? "token is required" : detail, problem.Detail(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnEmptyBodyAnswers400()
    {
        using var response = await App.Client.PostAsync("/auth/login", new StringContent("", Encoding.UTF8, "application/json"));
        await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task MissingFieldsInALoginAnswer401AndInARegistration422()
    {
        using var login = await App.Client.PostAsJsonAsync("/auth/login", new { });
        await Problem.AssertAsync(login, HttpStatusCode.Unauthorized);
        using var register = await App.Client.PostAsJsonAsync("/auth/register", new { });
        var problem = await Problem.AssertAsync(register, HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("username", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("password", out _));
    }

    [Fact]
    public async Task AWrongContentTypeAnswers415()
    {
        using var response = await App.Client.PostAsync("/auth/register", new StringContent("username=a&password=b", Encoding.UTF8, "application/x-www-form-urlencoded"));
        await Problem.AssertAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task ABodyOverTheLimitAnswers413()
    {
        await using var app = await fixture.StartVariantAsync(("BENCH_MAX_BODY_BYTES", "2048"));
        var padding = new string('x', 4096);
        foreach (var path in new[] { "/auth/register", "/auth/login", "/auth/refresh" })
        {
            using var response = await app.Client.PostAsync(path, new StringContent($"{{\"username\":\"{padding}\"}}", Encoding.UTF8, "application/json"));
            var problem = await Problem.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge);
            Assert.Contains("2048", problem.Detail(), StringComparison.Ordinal);
        }

        // Chunked, so the size is only known while reading.
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/auth/login") { Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($"{{\"username\":\"{padding}\"}}"))) };
        chunked.Content.Headers.ContentType = new("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        using var chunkedResponse = await app.Client.SendAsync(chunked);
        await Problem.AssertAsync(chunkedResponse, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task UnknownRoutesAndMethodsAnswer404And405WithProblems()
    {
        await Problem.AssertAsync(await App.Client.GetAsync("/api/storage/list"), HttpStatusCode.NotFound);
        await Problem.AssertAsync(await App.Client.GetAsync("/auth/login"), HttpStatusCode.MethodNotAllowed);
        await Problem.AssertAsync(await App.Client.DeleteAsync("/storage/list"), HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task ProblemsCarryTheRequestIdThatIsEchoedAndLogged()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/login") { Content = new StringContent("{", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Request-ID", "test-req-42");
        using var response = await App.Client.SendAsync(request);
        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("test-req-42", problem.GetProperty("request_id").GetString());
        Assert.Equal("test-req-42", response.Headers.GetValues("X-Request-ID").Single());
        // The worker's log lines reach the host without their scopes: the request line names the id itself.
        Assert.Contains(App.Logs.Lines, l => l.Contains("HTTP POST /auth/login responded 400", StringComparison.Ordinal) && l.Contains("(request test-req-42)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnUnusableRequestIdHeaderIsReplacedByTheServersOwn()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.TryAddWithoutValidation("X-Request-ID", "bad id with spaces!");
        using var response = await App.Client.SendAsync(request);
        var id = response.Headers.GetValues("X-Request-ID").Single();
        Assert.NotEqual("bad id with spaces!", id);
        Assert.False(string.IsNullOrEmpty(id));
    }

    [Fact]
    public async Task SecretsAndTokensNeverReachTheLog()
    {
        var (username, password, tokens) = await App.RegisterAsync();
        using (await App.Client.PostAsync($"/auth/password?u={username}&p={password}", null)) { }
        using (await App.Client.PostAsJsonAsync("/auth/login", new { username, password = password + "x" })) { }
        using (var refresh = await App.Client.PostAsync($"/auth/refresh?rid={tokens.Refresh}", null))
        {
            var next = await refresh.Content.ReadFromJsonAsync<Bench.Functions.Auth.TokenPair>();
            using (await App.Client.PostAsync($"/auth/refresh?rid={tokens.Refresh}", null)) { } // reuse: logged as a warning
            using (await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/storage/list", next!.Access))) { }
            using (await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/storage/list", next.Access + "x"))) { }
        }

        var log = string.Join("\n", App.Logs.Lines);
        Assert.Contains("HTTP POST /auth/password responded 200", log, StringComparison.Ordinal);
        Assert.Contains("HTTP POST /auth/refresh responded 401", log, StringComparison.Ordinal);
        Assert.Contains("Refresh token reuse", log, StringComparison.Ordinal);
        Assert.DoesNotContain(password, log, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens.Refresh, log, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens.Access.Split('.')[2], log, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Settings["JWT_SECRET"]!, log, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Settings["POSTGRES_PASSWORD"]!, log, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Settings["MINIO_SECRET_KEY"]!, log, StringComparison.Ordinal);
    }
}
