using Amazon.Runtime;
using Amazon.S3;
using Bench.Functions.Options;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Storage;

/// <summary>
/// Two S3 clients with the same credentials: <see cref="Service"/> talks to the internal/admin
/// endpoint; <see cref="Presigner"/> only signs URLs (offline) for the public host, because SigV4
/// signs the Host header and a URL signed for the internal name fails from outside.
/// </summary>
internal sealed class S3Clients : IDisposable
{
    public S3Clients(IOptions<StorageOptions> options)
    {
        var o = options.Value;
        var credentials = new BasicAWSCredentials(o.AccessKey, o.SecretKey);
        Service = new AmazonS3Client(credentials, Config(o.ServiceUrl!, o));
        var presignerConfig = Config(o.PublicUrl!, o);
        // Presigning is offline and per request: its endpoint is the same every time (CachedEndpointProvider).
        presignerConfig.EndpointProvider = new CachedEndpointProvider(presignerConfig.EndpointProvider);
        Presigner = new AmazonS3Client(credentials, presignerConfig);
        PublicProtocol = o.PublicUrl!.Scheme == Uri.UriSchemeHttps ? Protocol.HTTPS : Protocol.HTTP;
    }

    public IAmazonS3 Service { get; }

    public IAmazonS3 Presigner { get; }

    /// <summary>GetPreSignedURL defaults to https; the public endpoint's scheme decides.</summary>
    public Protocol PublicProtocol { get; }

    private static AmazonS3Config Config(Uri endpoint, StorageOptions o) => new()
    {
        ServiceURL = endpoint.ToString(),
        UseHttp = endpoint.Scheme == Uri.UriSchemeHttp,
        ForcePathStyle = true,
        AuthenticationRegion = o.Region,
        // Checksums and aws-chunked bodies only when an operation demands them: MinIO, Ceph and
        // Swift s3api all accept that, while Swift answers 501 to aws-chunked uploads.
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        Timeout = o.RequestTimeout,
        MaxErrorRetry = 2,
    };

    public void Dispose()
    {
        Service.Dispose();
        Presigner.Dispose();
    }
}
