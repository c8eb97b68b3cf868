namespace Bench.Functions.Options;

/// <summary>
/// How jobs run and are looked after: leases, the sweeper, shutdown grace, temp files, the rescan
/// schedule (BENCH_JOB_LEASE_SECONDS, BENCH_SWEEP_SECONDS, BENCH_STALE_QUEUED_MINUTES,
/// BENCH_SHUTDOWN_SECONDS, BENCH_TEMP_DIR, BENCH_RESCAN_SCHEDULE).
/// </summary>
internal sealed class JobOptions : IBenchOptions
{
    public const string DefaultRescanSchedule = "0 0 2 * * *";

    /// <summary>A running job whose worker has not renewed its lease for this long is handed to another worker.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>How often each process looks for lost and unpublished jobs.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A queued job published this long ago without being picked up is published again.</summary>
    public TimeSpan StaleQueued { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>On SIGTERM, how long the job in hand may run on before it is handed back to the queue.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>Where objects are downloaded for analysis.</summary>
    public string TempDirectory { get; set; } = Path.GetTempPath();

    /// <summary>6-field NCRONTAB, UTC.</summary>
    public string RescanSchedule { get; set; } = DefaultRescanSchedule;

    private string? _scheduleError;

    public void Read(SettingReader settings)
    {
        Lease = TimeSpan.FromSeconds(settings.Int("BENCH_JOB_LEASE_SECONDS", 120, 2, 86_400));
        SweepInterval = TimeSpan.FromSeconds(settings.Int("BENCH_SWEEP_SECONDS", 60, 1, 86_400));
        StaleQueued = TimeSpan.FromMinutes(settings.Int("BENCH_STALE_QUEUED_MINUTES", 30, 1, 100_000));
        ShutdownGrace = TimeSpan.FromSeconds(settings.Int("BENCH_SHUTDOWN_SECONDS", 300, 0, 86_400));
        TempDirectory = settings.String("BENCH_TEMP_DIR") ?? Path.GetTempPath();
        RescanSchedule = settings.String("BENCH_RESCAN_SCHEDULE") ?? DefaultRescanSchedule;
        _scheduleError = Triggers.RescanSchedule.TryParse(RescanSchedule, out _)
            ? null
            : $"BENCH_RESCAN_SCHEDULE must be a 6-field NCRONTAB expression 'sec min hour day month weekday' in UTC (got '{RescanSchedule}').";
    }

    public IEnumerable<string> Validate()
    {
        if (_scheduleError is not null)
        {
            yield return _scheduleError;
        }

        if (!Directory.Exists(TempDirectory))
        {
            yield return $"BENCH_TEMP_DIR '{TempDirectory}' does not exist.";
        }
    }
}
