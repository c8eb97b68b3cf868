using System.Net;
using System.Net.Http.Json;
using Bench.Functions.Storage;
using Bench.Functions.Tests.Hosting;

namespace Bench.Functions.Tests.Storage;

/// <summary>Presigned URLs against a real SigV4-checking S3 server (Swift s3api), over plain HTTP.</summary>
public sealed class PresignTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private static readonly HttpClient Direct = new();

    private RunningApp App => fixture.App;

    [Theory]
    [InlineData("/storage")]
    [InlineData("/files")]
    public async Task APresignedPutThenGetRoundTripsTheBytes(string prefix)
    {
        var (username, _, tokens) = await App.RegisterAsync();
        var content = System.Text.Encoding.UTF8.GetBytes("profile bytes " + Guid.NewGuid());

        var upload = await PresignAsync(HttpMethod.Post, $"{prefix}/presign/upload?object_name=run%201.h5", tokens.Access);
        Assert.Equal($"{username}/run_1.h5", upload.Key);
        Assert.Equal(3600, upload.ExpiresIn);
        using (var put = await Direct.PutAsync(upload.Url, new ByteArrayContent(content)))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var download = await PresignAsync(HttpMethod.Get, $"{prefix}/presign/download?object_name=run%201.h5", tokens.Access);
        Assert.Equal(upload.Key, download.Key);
        Assert.Equal(content, await Direct.GetByteArrayAsync(download.Url));

        // And the object is where the key says, seen by the server's own credentials.
        using var s3 = fixture.Servers.S3Client();
        using var stored = await s3.GetObjectAsync(fixture.Servers.BucketName, $"{username}/run_1.h5");
        Assert.Equal(content.Length, stored.ContentLength);
    }

    [Fact]
    public async Task AUrlSignedForOneKeyDoesNotWorkForAnother()
    {
        var (username, _, tokens) = await App.RegisterAsync();
        var upload = await PresignAsync(HttpMethod.Post, "/storage/presign/upload?object_name=mine.h5", tokens.Access);
        var otherKey = upload.Url.Replace($"/{username}/mine.h5?", $"/{username}/other.h5?", StringComparison.Ordinal);
        Assert.NotEqual(upload.Url, otherKey);

        using var put = await Direct.PutAsync(otherKey, new ByteArrayContent([1, 2, 3]));
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Contains("SignatureDoesNotMatch", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A download URL does not upload either: the method is signed too.
        var download = await PresignAsync(HttpMethod.Get, "/storage/presign/download?object_name=mine.h5", tokens.Access);
        using var putWithGetUrl = await Direct.PutAsync(download.Url, new ByteArrayContent([1]));
        Assert.Equal(HttpStatusCode.Forbidden, putWithGetUrl.StatusCode);
    }

    [Fact]
    public async Task AnExpiredUrlIsRefusedByTheServer()
    {
        await using var app = await fixture.StartVariantAsync(("BENCH_PRESIGN_EXPIRY_SECONDS", "1"));
        var (_, _, tokens) = await app.RegisterAsync();
        using var response = await app.Client.SendAsync(app.Authorized(HttpMethod.Post, "/storage/presign/upload?object_name=late.h5", tokens.Access));
        var upload = (await response.Content.ReadFromJsonAsync<PresignedUrl>(Wire.Json))!;
        Assert.Equal(1, upload.ExpiresIn);

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var put = await Direct.PutAsync(upload.Url, new ByteArrayContent([1, 2, 3]));
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Contains("expired", await put.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UrlsAreSignedForThePublicEndpointWhileServerCallsUseTheInternalOne()
    {
        // The internal name (127.0.0.1) is what the app uses; clients reach the same server as "localhost".
        var port = fixture.Servers.S3Endpoint.Port;
        await using var app = await fixture.StartVariantAsync(
            ("MINIO_ENDPOINT", "http://127.0.0.1:1"),
            ("MINIO_ADMIN_ENDPOINT", $"127.0.0.1:{port}"),
            ("MINIO_PUBLIC_ENDPOINT", $"http://localhost:{port}"));
        var (username, _, tokens) = await app.RegisterAsync();
        using var response = await app.Client.SendAsync(app.Authorized(HttpMethod.Post, "/storage/presign/upload?object_name=pub.h5", tokens.Access));
        var upload = (await response.Content.ReadFromJsonAsync<PresignedUrl>(Wire.Json))!;
        Assert.StartsWith($"http://localhost:{port}/{fixture.Servers.BucketName}/{username}/pub.h5?", upload.Url, StringComparison.Ordinal);

        using (var put = await Direct.PutAsync(upload.Url, new ByteArrayContent([7, 7])))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        // The same signature presented to the internal host name fails: the Host header is signed.
        using (var wrongHost = await Direct.PutAsync(upload.Url.Replace("localhost", "127.0.0.1", StringComparison.Ordinal), new ByteArrayContent([7, 7])))
        {
            Assert.Equal(HttpStatusCode.Forbidden, wrongHost.StatusCode);
        }

        using var list = await app.Client.SendAsync(app.Authorized(HttpMethod.Get, "/storage/list", tokens.Access));
        Assert.Contains($"{username}/pub.h5", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheObjectPrefixComesFirstInTheKeyAndTheResponseKeyIsTheRealKey()
    {
        await using var app = await fixture.StartVariantAsync(("MINIO_OBJECT_PREFIX", "/uploads/"));
        var (username, _, tokens) = await app.RegisterAsync();
        using var response = await app.Client.SendAsync(app.Authorized(HttpMethod.Post, "/storage/presign/upload?object_name=p.h5", tokens.Access));
        var upload = (await response.Content.ReadFromJsonAsync<PresignedUrl>(Wire.Json))!;
        Assert.Equal($"uploads/{username}/p.h5", upload.Key);
        using (var put = await Direct.PutAsync(upload.Url, new ByteArrayContent([1])))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var s3 = fixture.Servers.S3Client();
        using var head = await s3.GetObjectAsync(fixture.Servers.BucketName, upload.Key);
        Assert.Equal(1, head.ContentLength);
        using var list = await app.Client.SendAsync(app.Authorized(HttpMethod.Get, "/storage/list", tokens.Access));
        var listed = await list.Content.ReadFromJsonAsync<ListBody>(Wire.Json);
        Assert.Equal([upload.Key], listed!.Objects.Select(o => o.Key));
    }

    private async Task<PresignedUrl> PresignAsync(HttpMethod method, string path, string access)
    {
        using var response = await App.Client.SendAsync(App.Authorized(method, path, access));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PresignedUrl>(Wire.Json))!;
    }

    private sealed record ListBody(List<StoredObject> Objects);
}
