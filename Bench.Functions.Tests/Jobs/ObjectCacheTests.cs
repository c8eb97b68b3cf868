using Bench.Functions.Jobs;
using Bench.Functions.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bench.Functions.Tests.Jobs;

/// <summary>The assembly's object cache: entries by bucket, key and ETag, least recently used out, in-use entries spared.</summary>
public sealed class ObjectCacheTests : IDisposable
{
    private const int Size = 400 * 1024;
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("bench-cache-test-");
    private readonly ObjectCache _cache;

    public ObjectCacheTests()
    {
        var options = new AssemblyOptions { CacheDirectory = Path.Combine(_root.FullName, "cache"), CacheBytes = 1024 * 1024 };
        // Adopt never downloads: no S3 needed.
        _cache = new ObjectCache(Microsoft.Extensions.Options.Options.Create(options), new ObjectDownloader(null!), NullLogger<ObjectCache>.Instance);
    }

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void AnAdoptedDownloadIsFoundByBucketKeyAndETagUnderItsOwnFileName()
    {
        var path = Adopt("a", "alice/flops_job_7_7_batch_cn001.h5", "etag-1");

        Assert.Equal("flops_job_7_7_batch_cn001.h5", Path.GetFileName(path));
        Assert.True(File.Exists(path));
        Assert.NotEqual(path, _cache.PathOf("bucket", "alice/flops_job_7_7_batch_cn001.h5", "etag-2"));
    }

    [Fact]
    public void BeyondItsSizeTheLeastRecentlyUsedGoButNeverOneUsedInTheLastMinutes()
    {
        var a = Adopt("a", "u/1_0_n1.h5", "e");
        File.SetLastWriteTimeUtc(a, DateTime.UtcNow.AddHours(-2));
        var b = Adopt("b", "u/1_0_n2.h5", "e");
        File.SetLastWriteTimeUtc(b, DateTime.UtcNow.AddHours(-1));

        // 3 x 400 KiB > 1 MiB: the oldest goes, and that is enough.
        var c = Adopt("c", "u/1_0_n3.h5", "e");
        Assert.False(File.Exists(a));
        Assert.True(File.Exists(b));
        Assert.True(File.Exists(c));

        var d = Adopt("d", "u/1_0_n4.h5", "e");
        Assert.False(File.Exists(b));

        // c, d and e were all used just now: over the size, but an assembly may be opening them.
        var e = Adopt("e", "u/1_0_n5.h5", "e");
        Assert.All(new[] { c, d, e }, p => Assert.True(File.Exists(p), p));
    }

    private string Adopt(string name, string key, string etag)
    {
        var download = Path.Combine(_root.FullName, name);
        File.WriteAllBytes(download, new byte[Size]);
        _cache.Adopt(download, "bucket", key, etag);
        Assert.False(File.Exists(download));
        return _cache.PathOf("bucket", key, etag);
    }
}
