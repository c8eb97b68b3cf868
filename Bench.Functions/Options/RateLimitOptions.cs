namespace Bench.Functions.Options;

/// <summary>Login and register attempts allowed per window, per client address and per username.</summary>
internal sealed class RateLimitOptions : IBenchOptions
{
    public int PermitsPerAddress { get; set; } = 30;
    public int PermitsPerUsername { get; set; } = 10;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public void Read(SettingReader settings)
    {
        PermitsPerAddress = settings.Int("BENCH_AUTH_RATE_LIMIT_PER_ADDRESS", PermitsPerAddress, 1, 1_000_000_000);
        PermitsPerUsername = settings.Int("BENCH_AUTH_RATE_LIMIT_PER_USERNAME", PermitsPerUsername, 1, 1_000_000_000);
        Window = TimeSpan.FromSeconds(settings.Int("BENCH_AUTH_RATE_LIMIT_WINDOW_SECONDS", 60, 1, 86_400));
    }

    public IEnumerable<string> Validate() => [];
}
