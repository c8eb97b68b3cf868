using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Bench.Functions.Tests.Hosting;

public sealed class HealthTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private RunningApp App => fixture.App;

    [Fact]
    public async Task RootSaysHelloWorld() =>
        Assert.Equal("{\"message\":\"Hello World\"}", await App.Client.GetStringAsync("/"));

    [Fact]
    public async Task HealthzSaysAlive() =>
        Assert.Equal("{\"status\":\"alive\",\"checks\":null}", await App.Client.GetStringAsync("/healthz"));

    [Fact]
    public async Task ReadyzIs200WhenPostgresAndS3Answer()
    {
        using var response = await App.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("postgres").GetString());
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("s3").GetString());
    }

    [Fact]
    public async Task ReadyzIs503NamingTheDependencyWhenS3IsUnreachable()
    {
        await using var app = await fixture.StartVariantAsync(("MINIO_ENDPOINT", $"127.0.0.1:{RepoFiles.FreePort()}"));
        using var response = await app.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unavailable", body.GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("checks").GetProperty("postgres").GetString());
        Assert.StartsWith("unreachable", body.GetProperty("checks").GetProperty("s3").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadyzIs503WhenTheBucketIsMissing()
    {
        await using var app = await fixture.StartVariantAsync(("MINIO_BUCKET", "bench-no-such-bucket-" + Guid.NewGuid().ToString("N")[..8]));
        using var response = await app.Client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task ReadyzIs503WhenPostgresStopsAnswering()
    {
        await using var app = await fixture.StartVariantAsync();
        // Kill the app's database sessions and forbid new ones: the database is gone as far as the app can tell.
        await using (var admin = new Npgsql.NpgsqlConnection(fixture.Servers.Admin.ConnectionString))
        {
            await admin.OpenAsync();
            await using var block = new Npgsql.NpgsqlCommand(
                $"ALTER DATABASE \"{fixture.Servers.DatabaseName}\" ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{fixture.Servers.DatabaseName}'", admin);
            await block.ExecuteNonQueryAsync();
        }

        try
        {
            using var response = await app.Client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.NotEqual("ok", body.GetProperty("checks").GetProperty("postgres").GetString());
            Assert.Equal("ok", body.GetProperty("checks").GetProperty("s3").GetString());

            // A request that needs the database gets 503, not 500.
            using var login = await app.Client.PostAsJsonAsync("/auth/login", new { username = "someone1", password = "password123" });
            await Problem.AssertAsync(login, HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            await using var admin = new Npgsql.NpgsqlConnection(fixture.Servers.Admin.ConnectionString);
            await admin.OpenAsync();
            await using var allow = new Npgsql.NpgsqlCommand($"ALTER DATABASE \"{fixture.Servers.DatabaseName}\" ALLOW_CONNECTIONS true", admin);
            await allow.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryRouteAndTheBearerScheme()
    {
        var document = await App.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/", "/healthz", "/readyz", "/auth/register", "/auth/login", "/auth/password", "/auth/refresh", "/storage/presign/upload", "/storage/presign/download", "/storage/list", "/files/presign/upload", "/files/presign/download", "/files/list" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }

        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.True(paths.GetProperty("/storage/list").GetProperty("get").TryGetProperty("security", out _));
        Assert.False(paths.GetProperty("/auth/login").GetProperty("post").TryGetProperty("security", out _));
    }

    [Fact]
    public async Task TheDocsPageIsSelfContainedHtmlThatLoadsTheDocument()
    {
        using var response = await App.Client.GetAsync("/docs");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);
        // Nothing from the internet: no absolute http(s) URLs in src/href attributes.
        Assert.DoesNotMatch("(src|href)=\"https?://", html);
    }
}
