using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bench.Functions.Tests.Hosting;

namespace Bench.Functions.Tests.Contract;

/// <summary>Real answers of the running app, success and error, have the shapes openapi.json promises.</summary>
public sealed class ResponseContractTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private RunningApp App => fixture.App;

    [Theory]
    [InlineData("/")]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/metrics")]
    public async Task HealthRoutesMatchTheirSchemas(string path)
    {
        using var response = await App.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await ResponseShapes.AssertMatchesAsync(response, path, "GET");
    }

    [Fact]
    public async Task RegisterLoginAndRefreshAnswersMatchTheirSchemas()
    {
        var username = RunningApp.NewUsername();
        using var created = await App.Client.PostAsJsonAsync("/auth/register", new { username, password = "long enough pw" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await ResponseShapes.AssertMatchesAsync(created, "/auth/register", "POST");

        using var taken = await App.Client.PostAsJsonAsync("/auth/register", new { username = username.ToUpperInvariant(), password = "long enough pw" });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        await ResponseShapes.AssertMatchesAsync(taken, "/auth/register", "POST");

        using var invalid = await App.Client.PostAsJsonAsync("/auth/register", new { username = "ab", password = "short" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        await ResponseShapes.AssertMatchesAsync(invalid, "/auth/register", "POST");

        using var wrong = await App.Client.PostAsJsonAsync("/auth/login", new { username, password = "not the password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        await ResponseShapes.AssertMatchesAsync(wrong, "/auth/login", "POST");

        using var notJson = await App.Client.PostAsync("/auth/login", new StringContent("{username", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        await ResponseShapes.AssertMatchesAsync(notJson, "/auth/login", "POST");

        using var login = await App.Client.PostAsJsonAsync("/auth/login", new { username, password = "long enough pw" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        await ResponseShapes.AssertMatchesAsync(login, "/auth/login", "POST");
        var refresh = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refresh").GetString();

        using var refreshed = await App.Client.PostAsync($"/auth/refresh?rid={Uri.EscapeDataString(refresh!)}", null);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        await ResponseShapes.AssertMatchesAsync(refreshed, "/auth/refresh", "POST");

        using var reused = await App.Client.PostAsync($"/auth/refresh?rid={Uri.EscapeDataString(refresh!)}", null);
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
        await ResponseShapes.AssertMatchesAsync(reused, "/auth/refresh", "POST");
    }

    [Fact]
    public async Task StorageAnswersMatchTheirSchemas()
    {
        var (_, _, tokens) = await App.RegisterAsync();

        using var upload = await App.Client.SendAsync(App.Authorized(HttpMethod.Post, "/storage/presign/upload?object_name=run%201/node01.h5", tokens.Access));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        await ResponseShapes.AssertMatchesAsync(upload, "/storage/presign/upload", "POST");

        using var refused = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/files/presign/download?object_name=..", tokens.Access));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        await ResponseShapes.AssertMatchesAsync(refused, "/files/presign/download", "GET");

        using var list = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/storage/list", tokens.Access));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        await ResponseShapes.AssertMatchesAsync(list, "/storage/list", "GET");

        using var badLimit = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/files/list?limit=0", tokens.Access));
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        await ResponseShapes.AssertMatchesAsync(badLimit, "/files/list", "GET");

        using var anonymous = await App.Client.GetAsync("/storage/list");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        await ResponseShapes.AssertMatchesAsync(anonymous, "/storage/list", "GET");
    }

    [Fact]
    public async Task UploadsAnswersMatchTheirSchemas()
    {
        var (_, _, tokens) = await App.RegisterAsync();

        using var list = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/uploads?limit=5", tokens.Access));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        await ResponseShapes.AssertMatchesAsync(list, "/uploads", "GET");

        using var missing = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, $"/uploads/{Guid.NewGuid()}", tokens.Access));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await ResponseShapes.AssertMatchesAsync(missing, "/uploads/{id}", "GET");

        using var badPoints = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, $"/uploads/{Guid.NewGuid()}/series?points=1", tokens.Access));
        Assert.Equal(HttpStatusCode.BadRequest, badPoints.StatusCode);
        await ResponseShapes.AssertMatchesAsync(badPoints, "/uploads/{id}/series", "GET");
    }

    [Fact]
    public async Task JobsBenchmarksAndDeletionAnswersMatchTheirSchemasWhenEmpty()
    {
        var (_, _, tokens) = await App.RegisterAsync();

        using var list = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/jobs?limit=5", tokens.Access));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        await ResponseShapes.AssertMatchesAsync(list, "/jobs", "GET");

        using var badSince = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/jobs?since=nope", tokens.Access));
        Assert.Equal(HttpStatusCode.BadRequest, badSince.StatusCode);
        await ResponseShapes.AssertMatchesAsync(badSince, "/jobs", "GET");

        foreach (var (method, path, template) in new[]
        {
            (HttpMethod.Get, "/jobs/123", "/jobs/{id}"),
            (HttpMethod.Delete, "/jobs/123@lumi", "/jobs/{id}"),
            (HttpMethod.Get, "/jobs/123/series", "/jobs/{id}/series"),
            (HttpMethod.Get, "/jobs/1/compare/2", "/jobs/{id}/compare/{other}"),
            (HttpMethod.Get, "/benchmarks/flops/runs", "/benchmarks/{name}/runs"),
            (HttpMethod.Delete, "/storage/object?object_name=nothing.h5", "/storage/object"),
            (HttpMethod.Delete, "/files/object?object_name=nothing.h5", "/files/object"),
        })
        {
            using var missing = await App.Client.SendAsync(App.Authorized(method, path, tokens.Access));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            await ResponseShapes.AssertMatchesAsync(missing, template, method.Method);
        }

        using var benchmarks = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/benchmarks", tokens.Access));
        Assert.Equal(HttpStatusCode.OK, benchmarks.StatusCode);
        await ResponseShapes.AssertMatchesAsync(benchmarks, "/benchmarks", "GET");

        using var badName = await App.Client.SendAsync(App.Authorized(HttpMethod.Delete, "/storage/object?object_name=..", tokens.Access));
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        await ResponseShapes.AssertMatchesAsync(badName, "/storage/object", "DELETE");
    }

    [Fact]
    public async Task WebhookAnswersMatchTheirSchemas()
    {
        using var noToken = await App.Client.PostAsync("/minio-event", JsonContent.Create(new { EventName = "s3:ObjectCreated:Put" }));
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        await ResponseShapes.AssertMatchesAsync(noToken, "/minio-event", "POST");

        using var notJson = await App.Client.SendAsync(Webhook("/minio", new StringContent("not json", System.Text.Encoding.UTF8, "application/json")));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        await ResponseShapes.AssertMatchesAsync(notJson, "/minio", "POST");

        // A delete is valid but not for us: 200 with the event under "ignored".
        using var ignored = await App.Client.SendAsync(Webhook("/minio-event", JsonContent.Create(new
        {
            EventName = "s3:ObjectRemoved:Delete",
            Key = fixture.Servers.BucketName + "/someone/a.h5",
            Records = Array.Empty<object>(),
        })));
        Assert.Equal(HttpStatusCode.OK, ignored.StatusCode);
        await ResponseShapes.AssertMatchesAsync(ignored, "/minio-event", "POST");
    }

    [Fact]
    public async Task BodiesOfTheWrongTypeOrSizeAnswerTheDocumentedProblems()
    {
        using var plain = await App.Client.PostAsync("/auth/register", new StringContent("username=alice", System.Text.Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        await ResponseShapes.AssertMatchesAsync(plain, "/auth/register", "POST");

        var limit = int.Parse(fixture.Settings.GetValueOrDefault("BENCH_MAX_BODY_BYTES") ?? "65536", System.Globalization.CultureInfo.InvariantCulture);
        using var huge = await App.Client.PostAsync("/auth/password?u=alice1&p=whatever1", new ByteArrayContent(new byte[limit + 1]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        await ResponseShapes.AssertMatchesAsync(huge, "/auth/password", "POST");
    }

    [Fact]
    public async Task TheAppServesTheRepositorysDocumentAtBothAddresses()
    {
        var expected = await File.ReadAllTextAsync(Path.Combine(RepoRoot.Path, "openapi.json"));
        foreach (var path in new[] { "/openapi/v1.json", "/openapi.json" })
        {
            using var response = await App.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task TheDocsPageAndItsAssetsComeFromTheWorkerWithAStrictPolicy()
    {
        using var page = await App.Client.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        await ResponseShapes.AssertMatchesAsync(page, "/docs/{path}", "GET");

        using var bundle = await App.Client.GetAsync("/docs/swagger-ui-bundle.js");
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Equal("text/javascript", bundle.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new FileInfo(Path.Combine(AppContext.BaseDirectory, "docs", "swagger-ui-bundle.js")).Length, (await bundle.Content.ReadAsByteArrayAsync()).Length);

        using var missing = await App.Client.GetAsync("/docs/not-an-asset.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await ResponseShapes.AssertMatchesAsync(missing, "/docs/{path}", "GET");
    }

    private HttpRequestMessage Webhook(string path, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fixture.Settings["MINIO_WEBHOOK_TOKEN"]);
        return request;
    }
}
