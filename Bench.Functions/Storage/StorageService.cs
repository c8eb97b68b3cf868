using System.Buffers.Text;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Bench.Functions.Options;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Storage;

/// <summary>A presigned URL for one key.</summary>
public sealed record PresignedUrl(string Key, string Url, int ExpiresIn);

/// <summary>
/// A presigned PUT URL and the headers signed into it: the client sends every one of them with its PUT
/// (the storage server refuses the upload otherwise); empty when nothing was attached.
/// </summary>
public sealed record PresignedUpload(string Key, string Url, int ExpiresIn, IReadOnlyDictionary<string, string> Headers);

/// <summary>One object in a listing.</summary>
public sealed record StoredObject(string Key, long Size, DateTimeOffset LastModified);

/// <summary>A page of the caller's objects; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record ObjectPage(IReadOnlyList<StoredObject> Objects, string? NextCursor);

/// <summary>Presigns and lists objects under the caller's own prefix, never anyone else's.</summary>
internal sealed class StorageService(S3Clients clients, IOptions<StorageOptions> options, TimeProvider time)
{
    private readonly StorageOptions _options = options.Value;

    public string UserPrefix(string username) => ObjectKeys.UserPrefix(_options.ObjectPrefix, username);

    /// <summary>A presigned GET URL for the caller's object (signed offline; the object need not exist).</summary>
    public PresignedUrl PresignDownload(string username, string sanitizedName)
    {
        var request = Request(UserPrefix(username) + sanitizedName, HttpVerb.GET);
        return new PresignedUrl(request.Key, clients.Presigner.GetPreSignedURL(request), (int)_options.PresignExpiry.TotalSeconds);
    }

    /// <summary>
    /// A presigned PUT URL for the caller's object. The metadata headers are part of the SigV4 signature
    /// (X-Amz-SignedHeaders), so an upload without them, or with other values, is refused by S3.
    /// </summary>
    public PresignedUpload PresignUpload(string username, string sanitizedName, UploadMetadata metadata)
    {
        var request = Request(UserPrefix(username) + sanitizedName, HttpVerb.PUT);
        // One dictionary is both signed and answered, so the client is told exactly what the signature covers.
        var headers = metadata.Headers();
        foreach (var (name, value) in headers)
        {
            request.Headers[name] = value;
        }

        return new PresignedUpload(request.Key, clients.Presigner.GetPreSignedURL(request), (int)_options.PresignExpiry.TotalSeconds, headers);
    }

    private GetPreSignedUrlRequest Request(string key, HttpVerb verb) => new()
    {
        BucketName = _options.Bucket,
        Key = key,
        Verb = verb,
        Protocol = clients.PublicProtocol,
        Expires = time.GetUtcNow().UtcDateTime + _options.PresignExpiry,
    };

    /// <summary>One page of the caller's objects in key order; the cursor is the last key of the previous page.</summary>
    public async Task<ObjectPage> ListAsync(string username, int limit, string? afterKey, CancellationToken cancellationToken)
    {
        var response = await clients.Service.ListObjectsV2Async(new ListObjectsV2Request
        {
            BucketName = _options.Bucket,
            Prefix = UserPrefix(username),
            MaxKeys = limit,
            StartAfter = afterKey,
        }, cancellationToken).ConfigureAwait(false);

        var objects = Stored(response);
        var next = response.IsTruncated == true && objects.Count > 0 ? EncodeCursor(objects[^1].Key) : null;
        return new ObjectPage(objects, next);
    }

    /// <summary>
    /// Every object of the caller in key order, one S3 page (BENCH_LIST_PAGE_SIZE keys) at a time, so a
    /// caller can pass each page on before the next is fetched; after <paramref name="afterKey"/> when
    /// given. An empty listing is one empty page.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<StoredObject>> ListAllAsync(string username, string? afterKey, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request
        {
            BucketName = _options.Bucket,
            Prefix = UserPrefix(username),
            MaxKeys = _options.ListPageSize,
            StartAfter = afterKey,
        };
        while (true)
        {
            var response = await clients.Service.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            yield return Stored(response);
            if (response.IsTruncated != true || string.IsNullOrEmpty(response.NextContinuationToken))
            {
                yield break;
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
    }

    /// <summary>The key a cursor stands for, or null when it is not a cursor into this user's keys.</summary>
    public string? DecodeCursor(string username, string cursor)
    {
        var prefix = UserPrefix(username);
        try
        {
            var key = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
            return key.StartsWith(prefix, StringComparison.Ordinal) && key.Length > prefix.Length ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>True when the bucket answers; used by readiness.</summary>
    public async Task<bool> BucketReachableAsync(CancellationToken cancellationToken)
    {
        var response = await clients.Service.ListObjectsV2Async(new ListObjectsV2Request
        {
            BucketName = _options.Bucket,
            MaxKeys = 1,
            Prefix = _options.ObjectPrefix.Length == 0 ? null : _options.ObjectPrefix + "/",
        }, cancellationToken).ConfigureAwait(false);
        return response.HttpStatusCode == HttpStatusCode.OK;
    }

    /// <summary>Creates the bucket unless it exists (BENCH_CREATE_BUCKET).</summary>
    public async Task<bool> EnsureBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            await clients.Service.PutBucketAsync(new PutBucketRequest { BucketName = _options.Bucket }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            return false;
        }
    }

    // SDK v4 gives null, not an empty list, for an empty listing.
    private static List<StoredObject> Stored(ListObjectsV2Response response) =>
        (response.S3Objects ?? [])
            .Select(o => new StoredObject(o.Key, o.Size ?? 0, new DateTimeOffset(DateTime.SpecifyKind(o.LastModified ?? default, DateTimeKind.Utc))))
            .ToList();

    private static string EncodeCursor(string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(key));
}
