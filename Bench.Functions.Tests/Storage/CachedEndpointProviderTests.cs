using Amazon.Runtime.Endpoints;
using Amazon.S3;
using Amazon.S3.Endpoints;
using Amazon.S3.Internal;
using Bench.Functions.Storage;
using Endpoint = Amazon.Runtime.Endpoints.Endpoint;

namespace Bench.Functions.Tests.Storage;

/// <summary>The presigner's endpoint cache answers as the SDK's own rules do, and only caches bucket-level calls.</summary>
public sealed class CachedEndpointProviderTests
{
    [Fact]
    public void BucketLevelParametersAreResolvedOnceAndAnsweredAsTheRulesDo()
    {
        var rules = new Counting(new AmazonS3EndpointProvider());
        var cached = new CachedEndpointProvider(rules);

        var first = cached.ResolveEndpoint(Parameters("bkt", "http://127.0.0.1:9000/"));
        var second = cached.ResolveEndpoint(Parameters("bkt", "http://127.0.0.1:9000/"));
        var otherHost = cached.ResolveEndpoint(Parameters("bkt", "http://public.example:8080/"));

        // Path style on a custom endpoint: the endpoint plus the bucket, worked out by hand.
        Assert.Equal("http://127.0.0.1:9000/bkt", first.URL);
        Assert.Equal(first.URL, second.URL);
        // The SDK edits what it is given; an edit must not reach the next caller.
        second.URL += "/";
        Assert.Equal("http://127.0.0.1:9000/bkt", cached.ResolveEndpoint(Parameters("bkt", "http://127.0.0.1:9000/")).URL);
        Assert.Equal("http://public.example:8080/bkt", otherHost.URL);
        Assert.Equal(2, rules.Calls);
    }

    [Fact]
    public void PerObjectParametersAlwaysGoToTheRules()
    {
        var rules = new Counting(new AmazonS3EndpointProvider());
        var cached = new CachedEndpointProvider(rules);

        for (var i = 0; i < 3; i++)
        {
            var p = Parameters("bkt", "http://127.0.0.1:9000/");
            p.Prefix = $"user{i}/";
            Assert.Equal("http://127.0.0.1:9000/bkt", cached.ResolveEndpoint(p).URL);
        }

        Assert.Equal(3, rules.Calls);
    }

    [Fact]
    public void ThePresignedUrlIsTheOneTheSdkSignsWithoutTheCache()
    {
        // Same credentials, endpoint and signing time: the URLs must match byte for byte.
        var plain = Config();
        var withCache = Config();
        withCache.EndpointProvider = new CachedEndpointProvider(withCache.EndpointProvider);
        using var a = new AmazonS3Client("access", "secret", plain);
        using var b = new AmazonS3Client("access", "secret", withCache);
        var expires = DateTime.UtcNow.AddHours(1);

        string Sign(AmazonS3Client client) => client.GetPreSignedURL(new Amazon.S3.Model.GetPreSignedUrlRequest
        {
            BucketName = "bkt", Key = "alice/x.h5", Verb = HttpVerb.PUT, Protocol = Protocol.HTTP, Expires = expires,
        });

        // X-Amz-Date has one-second resolution: retry the rare pair that straddles a second.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var (x, y) = (Sign(a), Sign(b));
            Assert.StartsWith("http://127.0.0.1:9000/bkt/alice/x.h5?", y);
            if (x == y)
            {
                return;
            }
        }

        Assert.Fail("the cached presigner's URL differs from the SDK's");
    }

    private static AmazonS3Config Config() => new()
    {
        ServiceURL = "http://127.0.0.1:9000/", UseHttp = true, ForcePathStyle = true, AuthenticationRegion = "us-east-1",
    };

    private static S3EndpointParameters Parameters(string bucket, string endpoint) => new()
    {
        Bucket = bucket, Region = "us-east-1", Endpoint = endpoint, ForcePathStyle = true,
        UseFIPS = false, UseDualStack = false, Accelerate = false, UseGlobalEndpoint = false,
        DisableMultiRegionAccessPoints = false, UseArnRegion = false,
    };

    private sealed class Counting(IEndpointProvider inner) : IEndpointProvider
    {
        public int Calls { get; private set; }

        public Endpoint ResolveEndpoint(EndpointParameters parameters)
        {
            Calls++;
            return inner.ResolveEndpoint(parameters);
        }
    }
}
