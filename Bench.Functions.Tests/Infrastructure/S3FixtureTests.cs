using System.Net;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace Bench.Functions.Tests.Infrastructure;

public sealed class S3FixtureTests(S3Fixture s3) : IClassFixture<S3Fixture>
{
    private static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);

    [Fact]
    public async Task PutObjectThenGetObjectReturnsTheSameBytes()
    {
        var content = RandomBytes(300_000);

        var put = await s3.PutAsync("round-trip/profile.h5", content);
        var read = await s3.GetBytesAsync("round-trip/profile.h5");

        Assert.Equal(content, read);
        // A single-part ETag is the MD5 of the body: the server stored exactly what was sent.
        Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(content))}\"", put.ETag);
    }

    [Fact]
    public async Task PresignedGetUrlFetchedWithoutCredentialsReturnsTheBytes()
    {
        var content = RandomBytes(10_000);
        await s3.PutAsync("presigned/get.bin", content);
        var url = PresignGet("presigned/get.bin");

        using var http = new HttpClient();
        using var response = await http.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
        Assert.StartsWith(TestServers.S3Endpoint.ToString(), url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PresignedGetUrlWithATamperedSignatureIsForbidden()
    {
        await s3.PutAsync("presigned/tampered.bin", RandomBytes(100));
        var url = PresignGet("presigned/tampered.bin");
        var tampered = FlipLastSignatureDigit(url);
        Assert.NotEqual(url, tampered);

        using var http = new HttpClient();
        using var response = await http.GetAsync(tampered);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("SignatureDoesNotMatch", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientWithTheWrongSecretIsRefused()
    {
        using var client = S3Fixture.CreateClient(secretKey: UniqueName.Create("wrong-secret-"));

        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => client.ListObjectsV2Async(
            new ListObjectsV2Request { BucketName = s3.BucketName }));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
    }

    private string PresignGet(string key) => s3.Client.GetPreSignedURL(new GetPreSignedUrlRequest
    {
        BucketName = s3.BucketName,
        Key = key,
        Verb = HttpVerb.GET,
        Protocol = Protocol.HTTP,
        Expires = DateTime.UtcNow.AddMinutes(5),
    });

    private static string FlipLastSignatureDigit(string url)
    {
        const string marker = "X-Amz-Signature=";
        var start = url.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        Assert.True(start >= marker.Length, $"no {marker} in {url}");
        var end = url.IndexOf('&', start);
        var last = (end < 0 ? url.Length : end) - 1;
        var flipped = url[last] == '0' ? '1' : '0';
        return string.Concat(url.AsSpan(0, last), flipped.ToString(), url.AsSpan(last + 1));
    }
}
