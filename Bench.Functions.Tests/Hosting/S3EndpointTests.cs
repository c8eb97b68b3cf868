using Bench.Functions.Options;

namespace Bench.Functions.Tests.Hosting;

public sealed class S3EndpointTests
{
    [Theory]
    [InlineData("minio:9000", false, "http://minio:9000/")]
    [InlineData("minio:9000", true, "https://minio:9000/")]
    [InlineData("http://127.0.0.1:9000", true, "http://127.0.0.1:9000/")]
    [InlineData("https://s3.example.org", false, "https://s3.example.org/")]
    [InlineData("https://s3.example.org/", false, "https://s3.example.org/")]
    public void HostPortTakesTheSchemeFromSecureAndAUrlKeepsItsOwn(string value, bool secure, string expected)
    {
        Assert.Equal(new Uri(expected), S3Endpoint.Parse("MINIO_ENDPOINT", value, secure, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("ftp://minio:9000")]
    [InlineData("http://minio:9000/bucket")]
    [InlineData("http://user:pw@minio:9000")]
    [InlineData("http://minio:9000/?x=1")]
    [InlineData("::::")]
    public void AnythingElseIsRefusedNamingTheVariable(string value)
    {
        Assert.Null(S3Endpoint.Parse("MINIO_PUBLIC_ENDPOINT", value, false, out var error));
        Assert.StartsWith("MINIO_PUBLIC_ENDPOINT must be", error, StringComparison.Ordinal);
    }
}
