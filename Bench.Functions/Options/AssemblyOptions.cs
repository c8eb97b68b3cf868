namespace Bench.Functions.Options;

/// <summary>
/// How Slurm jobs are assembled from their uploads (BENCH_ASSEMBLY_DELAY_SECONDS, BENCH_JOB_SETTLE_SECONDS,
/// BENCH_ASSEMBLY_CACHE_DIR, BENCH_ASSEMBLY_CACHE_MB).
/// </summary>
internal sealed class AssemblyOptions : IBenchOptions
{
    /// <summary>An assembly starts only once no file of the job landed for this long: a burst is assembled once.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A done job is <c>complete</c> once no file landed for this long (the API says so; figures may change before).</summary>
    public TimeSpan SettleWindow { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Where downloaded profiles are kept by bucket, key and ETag, so each is downloaded once per worker.</summary>
    public string CacheDirectory { get; set; } = DefaultCacheDirectory;

    /// <summary>The cache's size; least recently used files go beyond it. 0 turns the cache off.</summary>
    public long CacheBytes { get; set; } = 4096L << 20;

    public static string DefaultCacheDirectory => Path.Combine(Path.GetTempPath(), "bench-object-cache");

    public void Read(SettingReader settings)
    {
        Delay = TimeSpan.FromSeconds(settings.Int("BENCH_ASSEMBLY_DELAY_SECONDS", 5, 0, 3600));
        SettleWindow = TimeSpan.FromSeconds(settings.Int("BENCH_JOB_SETTLE_SECONDS", 120, 0, 86_400));
        CacheDirectory = settings.String("BENCH_ASSEMBLY_CACHE_DIR") ?? DefaultCacheDirectory;
        CacheBytes = (long)settings.Int("BENCH_ASSEMBLY_CACHE_MB", 4096, 0, 16 << 20) << 20;
    }

    public IEnumerable<string> Validate()
    {
        if (CacheBytes > 0 && !Path.IsPathFullyQualified(CacheDirectory))
        {
            yield return $"BENCH_ASSEMBLY_CACHE_DIR must be an absolute path (got '{CacheDirectory}').";
        }
    }
}
