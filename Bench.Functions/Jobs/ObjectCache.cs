using System.Security.Cryptography;
using System.Text;
using Bench.Functions.Options;
using Microsoft.Extensions.Options;

namespace Bench.Functions.Jobs;

/// <summary>
/// Downloaded profiles kept on local disk by bucket, key and ETag (an ETag names one content), so an
/// assembly of a 128-file job that runs again after every burst downloads each file once per worker: the
/// upload's own analysis hands its download over, the assembly fetches only what is missing. One directory
/// per object (<c>&lt;hash&gt;/&lt;file name&gt;</c>: the name tells the pipeline the file's job and step), written
/// under a temporary name and renamed, so concurrent workers sharing the directory never read half a file.
/// Over BENCH_ASSEMBLY_CACHE_MB the least recently used entries go, except those used in the last
/// <see cref="InUse"/> (an assembly may be opening them): the bound is soft by what is in use.
/// </summary>
internal sealed class ObjectCache(IOptions<AssemblyOptions> options, ObjectDownloader downloader, ILogger<ObjectCache> logger)
{
    /// <summary>Entries used this recently are never evicted.</summary>
    public static readonly TimeSpan InUse = TimeSpan.FromMinutes(10);

    private readonly object _trimLock = new();

    // What this process believes the cache holds; the disk is listed only when that passes the limit (-1: not known yet).
    private long _approximateBytes = -1;

    public bool Enabled => options.Value.CacheBytes > 0;

    /// <summary>Moves a finished download into the cache (best effort: a failure only costs a later download).</summary>
    public void Adopt(string downloadedPath, string bucket, string key, string etag)
    {
        if (!Enabled)
        {
            return;
        }

        try
        {
            var path = PathOf(bucket, key, etag);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Move(downloadedPath, path, overwrite: true);
            Added(new FileInfo(path).Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not keep s3://{Bucket}/{ObjectKey} in the object cache: {Message}", bucket, key, e.Message);
        }
    }

    /// <summary>
    /// The local path of the object version: from the cache when it holds it, else downloaded into it (or,
    /// with the cache off, into <paramref name="scratch"/>). Returns whether it was downloaded.
    /// </summary>
    public async Task<(string Path, bool Downloaded)> GetAsync(AssemblyUpload upload, string scratch, CancellationToken cancellationToken)
    {
        var job = new AnalysisJob
        {
            Id = upload.Id,
            Bucket = upload.Bucket,
            ObjectKey = upload.ObjectKey,
            ETag = upload.ETag,
            Owner = "",
            Origin = "",
            State = JobStates.Running,
            Attempts = 0,
            CreatedAt = default,
            QueuedAt = default,
        };
        if (!Enabled)
        {
            var local = Path.Combine(scratch, upload.Id.ToString("N"), ObjectSources.LocalFileName(upload.ObjectKey));
            Directory.CreateDirectory(Path.GetDirectoryName(local)!);
            await downloader.DownloadAsync(job, local, cancellationToken).ConfigureAwait(false);
            return (local, true);
        }

        var path = PathOf(upload.Bucket, upload.ObjectKey, upload.ETag);
        if (File.Exists(path))
        {
            Touch(path);
            return (path, false);
        }

        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var part = Path.Combine(directory, $".part-{Guid.NewGuid():N}");
        try
        {
            var download = await downloader.DownloadAsync(job, part, cancellationToken).ConfigureAwait(false);
            File.Move(part, path, overwrite: true);
            Added(download.Bytes);
        }
        finally
        {
            File.Delete(part);
        }

        return (path, true);
    }

    /// <summary>Where the version lives in the cache.</summary>
    internal string PathOf(string bucket, string key, string etag)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{bucket}\n{key}\n{etag}")))[..32];
        return Path.Combine(options.Value.CacheDirectory, hash, ObjectSources.LocalFileName(key));
    }

    private static void Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (IOException)
        {
            // Evicted by another process this instant: the caller's open finds out.
        }
    }

    private void Added(long bytes)
    {
        var total = Interlocked.Read(ref _approximateBytes);
        if (total < 0 || Interlocked.Add(ref _approximateBytes, bytes) > options.Value.CacheBytes)
        {
            Trim();
        }
    }

    /// <summary>Removes least recently used entries until the cache fits, sparing those in use.</summary>
    private void Trim()
    {
        lock (_trimLock)
        {
            try
            {
                var root = new DirectoryInfo(options.Value.CacheDirectory);
                var files = root.EnumerateFiles("*", SearchOption.AllDirectories)
                    .Where(f => !f.Name.StartsWith(".part-", StringComparison.Ordinal))
                    .OrderBy(f => f.LastWriteTimeUtc)
                    .ToList();
                var total = files.Sum(f => f.Length);
                var spare = DateTime.UtcNow - InUse;
                foreach (var file in files)
                {
                    if (total <= options.Value.CacheBytes || file.LastWriteTimeUtc > spare)
                    {
                        break;
                    }

                    total -= file.Length;
                    file.Directory!.Delete(recursive: true);
                }

                // Other workers sharing the directory add too: listing again once this passes the limit catches up.
                Interlocked.Exchange(ref _approximateBytes, total);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogDebug("Trimming the object cache: {Message}", e.Message);
            }
        }
    }
}
