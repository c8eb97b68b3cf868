namespace Bench.Functions.Options;

/// <summary>Request handling limits: BENCH_MAX_BODY_BYTES, BENCH_TRUST_FORWARDED_HEADERS.</summary>
internal sealed class HttpOptions : IBenchOptions
{
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Take the client address from X-Forwarded-For sent by a loopback proxy (the Functions host).</summary>
    public bool TrustForwardedHeaders { get; set; }

    public void Read(SettingReader settings)
    {
        MaxBodyBytes = settings.Int("BENCH_MAX_BODY_BYTES", MaxBodyBytes, 1_024, 16 * 1024 * 1024);
        TrustForwardedHeaders = settings.Bool("BENCH_TRUST_FORWARDED_HEADERS", false);
    }

    public IEnumerable<string> Validate() => [];
}
