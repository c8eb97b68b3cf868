using System.Net;
using System.Text.Json;
using Amazon.S3.Model;
using Bench.Functions.Tests.Contract;
using Bench.Functions.Tests.Hosting;

namespace Bench.Functions.Tests.Storage;

/// <summary>
/// Presign upload with benchmark_name and cluster, against a real SigV4-checking S3 (Swift s3api): the
/// answer's headers are signed into the URL, a PUT with them stores them as the object's metadata, and a
/// PUT without them is refused by the storage server itself.
/// </summary>
public sealed class PresignMetadataTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static readonly HttpClient Direct = new();

    private RunningApp App => fixture.App;

    [Theory]
    [InlineData("/storage")]
    [InlineData("/files")]
    public async Task APutWithTheReturnedHeadersStoresTheBenchmarkAndClusterOnTheObject(string prefix)
    {
        var (username, _, tokens) = await App.RegisterAsync();
        var (status, body) = await PresignAsync($"{prefix}/presign/upload?object_name=flops_matrix_mul/job_9799476/flops_9799476.csv&benchmark_name=flops_matrix_mul&cluster=Hawk", tokens.Access);
        Assert.Equal(HttpStatusCode.OK, status);

        Assert.Equal($"{username}/flops_matrix_mul_job_9799476_flops_9799476.csv", body.GetProperty("key").GetString());
        Assert.Equal(["key", "url", "expires_in", "headers"], body.EnumerateObject().Select(p => p.Name));
        var headers = Headers(body);
        Assert.Equal(new Dictionary<string, string> { ["x-amz-meta-benchmark"] = "flops_matrix_mul", ["x-amz-meta-cluster"] = "Hawk" }, headers);
        var url = body.GetProperty("url").GetString()!;
        Assert.Equal(["host", "x-amz-meta-benchmark", "x-amz-meta-cluster"], SignedHeaders(url));

        using (var put = await PutAsync(url, headers, "1,2,3"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var s3 = fixture.Servers.S3Client();
        var stored = await s3.GetObjectMetadataAsync(fixture.Servers.BucketName, body.GetProperty("key").GetString());
        Assert.Equal("flops_matrix_mul", stored.Metadata["benchmark"]);
        Assert.Equal("Hawk", stored.Metadata["cluster"]);
        Assert.Equal(5, stored.ContentLength);
    }

    [Fact]
    public async Task APutWithoutASignedHeaderOrWithAnotherValueIsRefusedByTheStorageServer()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        var (_, body) = await PresignAsync("/storage/presign/upload?object_name=run.h5&benchmark_name=stream&cluster=c1", tokens.Access);
        var url = body.GetProperty("url").GetString()!;
        var headers = Headers(body);

        foreach (var left in headers.Keys)
        {
            using var put = await PutAsync(url, headers.Where(h => h.Key != left).ToDictionary(), [1]);
            Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
            Assert.Contains("SignatureDoesNotMatch", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var plain = await PutAsync(url, new Dictionary<string, string>(), [1]))
        {
            Assert.Equal(HttpStatusCode.Forbidden, plain.StatusCode);
        }

        using (var forged = await PutAsync(url, new Dictionary<string, string>(headers) { ["x-amz-meta-benchmark"] = "other" }, [1]))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }

        // Nothing was stored by the refused PUTs.
        using var s3 = fixture.Servers.S3Client();
        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = fixture.Servers.BucketName, Prefix = body.GetProperty("key").GetString() });
        Assert.Empty(listed.S3Objects ?? []);
    }

    [Fact]
    public async Task WithoutABenchmarkTheHeadersAreEmptyAndAPlainPutWorks()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Post, "/storage/presign/upload?object_name=plain.h5", tokens.Access));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Empty(ResponseShapes.Check(OpenApiContract.Repo, "/storage/presign/upload", "POST", 200, response.Content.Headers.ContentType, text));
        Assert.EndsWith(",\"expires_in\":3600,\"headers\":{}}", text, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(text);
        var url = body.RootElement.GetProperty("url").GetString()!;
        Assert.Equal(["host"], SignedHeaders(url));

        using (var put = await PutAsync(url, new Dictionary<string, string>(), [4, 2]))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var s3 = fixture.Servers.S3Client();
        var stored = await s3.GetObjectMetadataAsync(fixture.Servers.BucketName, body.RootElement.GetProperty("key").GetString());
        Assert.Empty(stored.Metadata.Keys);
    }

    [Fact]
    public async Task DownloadPresignsAnswerOnlyKeyUrlAndExpiry()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        foreach (var path in new[] { "/storage/presign/download?object_name=a.h5&benchmark_name=x", "/files/presign/download?object_name=a.h5" })
        {
            using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, path, tokens.Access));
            var text = await response.Content.ReadAsStringAsync();
            Assert.Empty(ResponseShapes.Check(OpenApiContract.Repo, path[..path.IndexOf('?', StringComparison.Ordinal)], "GET", 200, response.Content.Headers.ContentType, text));
            using var body = JsonDocument.Parse(text);
            Assert.Equal(["key", "url", "expires_in"], body.RootElement.EnumerateObject().Select(p => p.Name));
        }
    }

    [Theory]
    [InlineData("HPL Linpack/v2.3", "HPL_Linpack_v2.3")]
    [InlineData("énergie", "_nergie")]
    [InlineData("a;b\r\nx-amz-acl: public-read", "a_b__x-amz-acl__public-read")]
    [InlineData("%2e%2e", "_2e_2e")]
    [InlineData("STREAM", "STREAM")]
    public async Task HostileBenchmarkNamesAreSanitizedLikeObjectNamesAndStillUpload(string benchmark, string expected)
    {
        var (_, _, tokens) = await App.RegisterAsync();
        var (status, body) = await PresignAsync($"/storage/presign/upload?object_name=h.h5&benchmark_name={Uri.EscapeDataString(benchmark)}", tokens.Access);
        Assert.Equal(HttpStatusCode.OK, status);
        var headers = Headers(body);
        Assert.Equal(new Dictionary<string, string> { ["x-amz-meta-benchmark"] = expected }, headers);

        using (var put = await PutAsync(body.GetProperty("url").GetString()!, headers, [9]))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var s3 = fixture.Servers.S3Client();
        var stored = await s3.GetObjectMetadataAsync(fixture.Servers.BucketName, body.GetProperty("key").GetString());
        Assert.Equal(expected, stored.Metadata["benchmark"]);
    }

    [Theory]
    [InlineData("benchmark_name", "..", "benchmark_name must not contain '..'.")]
    [InlineData("benchmark_name", "a/../b", "benchmark_name must not contain '..'.")]
    [InlineData("benchmark_name", "/abs", "benchmark_name must not start with '/'.")]
    [InlineData("benchmark_name", ".", "benchmark_name must not be '.'.")]
    [InlineData("cluster", "..", "cluster must not contain '..'.")]
    public async Task AValueThatSanitizesToNothingOrDotDotIsAProblemNamingTheParameter(string parameter, string value, string detail)
    {
        var (_, _, tokens) = await App.RegisterAsync();
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Post, $"/files/presign/upload?object_name=ok.h5&{parameter}={Uri.EscapeDataString(value)}", tokens.Access));
        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(detail, problem.Detail());
    }

    [Theory]
    [InlineData("benchmark_name=")]
    [InlineData("benchmark_name=%20&cluster=")]
    public async Task AnEmptyBenchmarkOrClusterIsNoneAndSignsNothing(string query)
    {
        var (_, _, tokens) = await App.RegisterAsync();
        var (status, body) = await PresignAsync($"/storage/presign/upload?object_name=e.h5&{query}", tokens.Access);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(Headers(body));
        using var put = await PutAsync(body.GetProperty("url").GetString()!, Headers(body), [7]);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    [Fact]
    public async Task ATooLongBenchmarkNameIsRefused()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Post, $"/storage/presign/upload?object_name=ok.h5&benchmark_name={new string('b', 256)}", tokens.Access));
        var problem = await Problem.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("benchmark_name must be at most 255 characters long.", problem.Detail());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PresignAsync(string path, string access)
    {
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Post, path, access));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Empty(ResponseShapes.Check(OpenApiContract.Repo, path[..path.IndexOf('?', StringComparison.Ordinal)], "POST", 200, response.Content.Headers.ContentType, text));
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static Dictionary<string, string> Headers(JsonElement body) =>
        body.GetProperty("headers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);

    // X-Amz-SignedHeaders of a presigned URL, in the order SigV4 lists them.
    private static string[] SignedHeaders(string url) =>
        System.Web.HttpUtility.ParseQueryString(new Uri(url).Query)["X-Amz-SignedHeaders"]!.Split(';');

    private static async Task<HttpResponseMessage> PutAsync(string url, IReadOnlyDictionary<string, string> headers, byte[] content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent(content) };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await Direct.SendAsync(request);
    }
}
