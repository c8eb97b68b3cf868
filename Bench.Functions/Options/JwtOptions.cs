using System.Text;

namespace Bench.Functions.Options;

/// <summary>Token and password settings: JWT_SECRET and the BENCH_JWT_* / BENCH_*_TOKEN_* family.</summary>
internal sealed class JwtOptions : IBenchOptions
{
    public const int MinimumSecretBytes = 32;
    public const int MinimumPbkdf2Iterations = 210_000;

    public string Secret { get; set; } = "";
    public string Issuer { get; set; } = "bench";
    public string Audience { get; set; } = "bench-api";
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);
    public int Pbkdf2Iterations { get; set; } = MinimumPbkdf2Iterations;

    public void Read(SettingReader settings)
    {
        Secret = settings.Secret("JWT_SECRET") ?? "";
        Issuer = settings.String("BENCH_JWT_ISSUER") ?? Issuer;
        Audience = settings.String("BENCH_JWT_AUDIENCE") ?? Audience;
        AccessTokenLifetime = TimeSpan.FromSeconds(settings.Int("BENCH_ACCESS_TOKEN_SECONDS", 600, 30, 86_400));
        RefreshTokenLifetime = TimeSpan.FromDays(settings.Int("BENCH_REFRESH_TOKEN_DAYS", 30, 1, 365));
        Pbkdf2Iterations = settings.Int("BENCH_PBKDF2_ITERATIONS", MinimumPbkdf2Iterations, MinimumPbkdf2Iterations, 10_000_000);
    }

    public IEnumerable<string> Validate()
    {
        if (Secret.Length == 0)
        {
            yield return "JWT_SECRET is not set: it signs access tokens and has no default (use at least 32 random bytes).";
        }
        else if (Encoding.UTF8.GetByteCount(Secret) < MinimumSecretBytes)
        {
            yield return $"JWT_SECRET is {Encoding.UTF8.GetByteCount(Secret)} bytes long; at least {MinimumSecretBytes} are required.";
        }
    }
}
