using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Bench.Functions.Tests.Ui;

/// <summary>
/// The dashboard's files through the real worker and the stand-in Functions host: redirects, media
/// types, caching, ETag revalidation, HEAD, client routes, the security headers, and nothing outside
/// the folder, however the path is spelled.
/// </summary>
public sealed class UiServingTests(UiAppFixture fixture) : IClassFixture<UiAppFixture>, IDisposable
{
    private readonly HttpClient _client = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.App.BaseAddress };

    public void Dispose() => _client.Dispose();

    private static string ETagOf(string text) =>
        "\"" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text))[..18]).Replace('+', '-').Replace('/', '_') + "\"";

    [Fact]
    public async Task UiWithoutASlashRedirectsToThePageSoItsRelativeLinksResolve()
    {
        using var response = await _client.GetAsync("/ui");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(new Uri(fixture.App.BaseAddress, "/ui/"), new Uri(new Uri(fixture.App.BaseAddress, "/ui"), response.Headers.Location!));
    }

    [Fact]
    public async Task ThePageIsIndexHtmlRevalidatedOnEveryLoadUnderAStrictPolicy()
    {
        using var response = await _client.GetAsync("/ui/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(UiFixtureDist.IndexHtml, await response.Content.ReadAsStringAsync());
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        Assert.Equal(ETagOf(UiFixtureDist.IndexHtml), response.Headers.ETag!.ToString());
        Assert.False(response.Headers.ETag.IsWeak);
        var s3 = fixture.S3PublicEndpoint.GetLeftPart(UriPartial.Authority);
        Assert.Equal(
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
            $"connect-src 'self' {s3}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
    }

    [Theory]
    [InlineData(UiFixtureDist.Script, UiFixtureDist.ScriptText, "text/javascript; charset=utf-8")]
    [InlineData(UiFixtureDist.Style, UiFixtureDist.StyleText, "text/css; charset=utf-8")]
    public async Task HashedAssetsAreCachedForAYear(string name, string text, string contentType)
    {
        using var response = await _client.GetAsync("/ui/" + name);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(text, await response.Content.ReadAsStringAsync());
        Assert.Equal(contentType, response.Content.Headers.ContentType!.ToString());
        Assert.Equal("public, max-age=31536000, immutable", Header(response, "Cache-Control"));
        Assert.Equal(ETagOf(text), response.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task AnAssetWithoutAHashInItsNameIsRevalidated()
    {
        using var response = await _client.GetAsync("/ui/probe.js");

        Assert.Equal(UiFixtureDist.ProbeScript, await response.Content.ReadAsStringAsync());
        Assert.Equal("no-cache", Header(response, "Cache-Control"));
    }

    [Theory]
    [InlineData("")]
    [InlineData(UiFixtureDist.Script)]
    public async Task TheCurrentETagGets304WithoutABodyAndAnOtherOneTheFile(string name)
    {
        using var first = await _client.GetAsync("/ui/" + name);
        var etag = first.Headers.ETag!;

        using var same = new HttpRequestMessage(HttpMethod.Get, "/ui/" + name);
        same.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"stale\""));
        same.Headers.IfNoneMatch.Add(etag);
        using var notModified = await _client.SendAsync(same);
        using var other = new HttpRequestMessage(HttpMethod.Get, "/ui/" + name);
        other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"stale\""));
        using var modified = await _client.SendAsync(other);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.Equal(Header(first, "Cache-Control"), Header(notModified, "Cache-Control"));
        Assert.Equal(HttpStatusCode.OK, modified.StatusCode);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await modified.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task HeadAnswersTheHeadersOfGetWithoutTheBody()
    {
        using var head = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/ui/" + UiFixtureDist.Script));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(Encoding.UTF8.GetByteCount(UiFixtureDist.ScriptText), head.Content.Headers.ContentLength);
        Assert.Equal(ETagOf(UiFixtureDist.ScriptText), head.Headers.ETag!.ToString());
        Assert.Equal("text/javascript; charset=utf-8", head.Content.Headers.ContentType!.ToString());
    }

    [Theory]
    [InlineData("/ui/jobs")]
    [InlineData("/ui/jobs/9799476")]
    [InlineData("/ui/benchmarks/flops")]
    public async Task ClientRoutesGetThePage(string path)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(UiFixtureDist.IndexHtml, await response.Content.ReadAsStringAsync());
        Assert.Equal("no-cache", Header(response, "Cache-Control"));
    }

    [Fact]
    public async Task AMissingAssetIsA404ProblemNamingIt()
    {
        using var response = await _client.GetAsync("/ui/app.00000000.js");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, body.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("'app.00000000.js'", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/ui/../secret.txt")]
    [InlineData("/ui/%2e%2e/secret.txt")]
    [InlineData("/ui/..%2Fsecret.txt")]
    [InlineData("/ui/..%2fsecret.txt")]
    [InlineData("/ui/fonts%2Finter.KLMN2345.woff2")]
    [InlineData("/ui/fonts%5C..%5C..%5Csecret.txt")]
    [InlineData("/ui/%2Fetc%2Fpasswd")]
    [InlineData("/ui//etc/passwd")]
    [InlineData("/ui/fonts/../../secret.txt")]
    [InlineData("/ui/%252e%252e/secret.txt")]
    public async Task NoSpellingOfAPathOutsideTheFolderReachesAFile(string target)
    {
        Assert.Equal(404, await RawHttp.StatusAsync(fixture.App.BaseAddress, "GET", target));
    }

    [Fact]
    public async Task OtherMethodsGet405FromTheFallbackAndOtherPathsAreNotSwallowed()
    {
        using var post = await _client.PostAsync("/ui/" + UiFixtureDist.Script, new StringContent(""));
        using var unknown = await _client.GetAsync("/no-such-path");
        using var healthz = await _client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(["GET", "HEAD"], post.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values)
        : response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values)
        : throw new Xunit.Sdk.XunitException($"no {name} header");
}
