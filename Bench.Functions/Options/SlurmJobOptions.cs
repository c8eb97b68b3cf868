namespace Bench.Functions.Options;

/// <summary>How the API judges a Slurm job's figures final (BENCH_JOB_SETTLE_SECONDS).</summary>
internal sealed class SlurmJobOptions : IBenchOptions
{
    /// <summary>A done job is <c>complete</c> once no file has arrived for this long.</summary>
    public TimeSpan Settle { get; set; } = TimeSpan.FromSeconds(120);

    public void Read(SettingReader settings) =>
        Settle = TimeSpan.FromSeconds(settings.Int("BENCH_JOB_SETTLE_SECONDS", 120, 0, 86_400));

    public IEnumerable<string> Validate() => [];
}
