using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Bench.Functions.Tests.Infrastructure;

/// <summary>
/// A fresh bucket on the test S3 server (Swift s3api) per fixture instance, emptied and deleted on
/// disposal, and an <see cref="AmazonS3Client"/> configured the way that works against Swift and MinIO.
/// </summary>
public sealed class S3Fixture : IAsyncLifetime
{
    /// <summary>Name of this fixture's bucket.</summary>
    public string BucketName { get; } = UniqueName.Create("bench-test-");

    /// <summary>Client signed with the test server's credentials.</summary>
    public AmazonS3Client Client { get; } = CreateClient();

    /// <summary>
    /// Path-style, plain http to 127.0.0.1, explicit signing region, and checksums only where S3
    /// requires them (Swift rejects the SDK's default aws-chunked trailers).
    /// </summary>
    public static AmazonS3Config CreateConfig() => new()
    {
        ServiceURL = TestServers.S3Endpoint.ToString(),
        ForcePathStyle = true,
        UseHttp = true,
        AuthenticationRegion = TestServers.S3Region,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    };

    /// <summary>A client for the test server; <paramref name="secretKey"/> overrides the real secret.</summary>
    public static AmazonS3Client CreateClient(string? secretKey = null) =>
        new(new BasicAWSCredentials(TestServers.S3AccessKey, secretKey ?? TestServers.S3SecretKey), CreateConfig());

    /// <summary>Uploads <paramref name="content"/> to this fixture's bucket.</summary>
    public Task<PutObjectResponse> PutAsync(string key, byte[] content, CancellationToken cancellationToken = default) =>
        Client.PutObjectAsync(NewPut(BucketName, key, content), cancellationToken);

    /// <summary>A PutObject request with chunked encoding off (Swift answers 501 to aws-chunked bodies).</summary>
    public static PutObjectRequest NewPut(string bucket, string key, byte[] content) => new()
    {
        BucketName = bucket,
        Key = key,
        InputStream = new MemoryStream(content, writable: false),
        UseChunkEncoding = false,
    };

    /// <summary>Downloads a whole object from this fixture's bucket.</summary>
    public async Task<byte[]> GetBytesAsync(string key, CancellationToken cancellationToken = default)
    {
        using var response = await Client.GetObjectAsync(BucketName, key, cancellationToken);
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    public Task InitializeAsync() => Client.PutBucketAsync(new PutBucketRequest { BucketName = BucketName });

    public async Task DisposeAsync()
    {
        try
        {
            await EmptyBucketAsync();
            await Client.DeleteBucketAsync(new DeleteBucketRequest { BucketName = BucketName });
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
        {
            // A test deleted it already.
        }
        finally
        {
            Client.Dispose();
        }
    }

    private async Task EmptyBucketAsync()
    {
        var uploads = await Client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = BucketName });
        foreach (var upload in uploads.MultipartUploads ?? [])
        {
            await Client.AbortMultipartUploadAsync(BucketName, upload.Key, upload.UploadId);
        }

        var request = new ListObjectsV2Request { BucketName = BucketName };
        ListObjectsV2Response page;
        do
        {
            page = await Client.ListObjectsV2Async(request);
            // One by one: Swift's DeleteObjects wants a Content-MD5 header the SDK does not always send.
            foreach (var item in page.S3Objects ?? [])
            {
                await Client.DeleteObjectAsync(BucketName, item.Key);
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
    }
}
