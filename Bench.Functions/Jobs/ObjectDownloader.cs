using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Bench.Functions.Storage;

namespace Bench.Functions.Jobs;

/// <summary>The object version a job is for is gone: deleted, or replaced by a newer upload. Retrying cannot help.</summary>
internal sealed class ObjectUnavailableException(string message) : Exception(message);

/// <summary>What a download wrote, and the object's user metadata (<c>x-amz-meta-*</c>, e.g. the benchmark).</summary>
internal sealed record DownloadedObject(long Bytes, IReadOnlyDictionary<string, string> Metadata);

/// <summary>Streams one object version from S3 to a local file, so memory stays bounded whatever its size.</summary>
internal sealed class ObjectDownloader(S3Clients clients)
{
    private const int BufferBytes = 1 << 20;

    /// <summary>
    /// Writes the object to <paramref name="path"/>. The GET carries If-Match with the job's ETag: when
    /// the key now holds another version, that version has its own job and this one ends here.
    /// </summary>
    public async Task<DownloadedObject> DownloadAsync(AnalysisJob job, string path, CancellationToken cancellationToken)
    {
        GetObjectResponse response;
        try
        {
            response = await clients.Service.GetObjectAsync(new GetObjectRequest
            {
                BucketName = job.Bucket,
                Key = job.ObjectKey,
                EtagToMatch = "\"" + job.ETag + "\"",
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            throw new ObjectUnavailableException(
                $"s3://{job.Bucket}/{job.ObjectKey} no longer has ETag {job.ETag}: it was replaced after this version was announced, and the newer version is analysed by its own job.");
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode is "NoSuchKey" or "NotFound" or "NoSuchBucket")
        {
            throw new ObjectUnavailableException($"s3://{job.Bucket}/{job.ObjectKey} does not exist any more ({e.ErrorCode}).");
        }

        using (response)
        {
            var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in response.Metadata.Keys)
            {
                metadata[name] = response.Metadata[name];
            }

            var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes, useAsync: true);
            await using (file.ConfigureAwait(false))
            {
                await response.ResponseStream.CopyToAsync(file, BufferBytes, cancellationToken).ConfigureAwait(false);
                return new DownloadedObject(file.Length, metadata);
            }
        }
    }
}
