using System.Text.RegularExpressions;

namespace Bench.Pipeline.Pricing.Smard;

/// <summary>Where and how to fetch SMARD series (Bundesnetzagentur's public chart data).</summary>
public sealed partial record SmardOptions
{
    /// <summary>SMARD filter of the day-ahead wholesale price in EUR/MWh.</summary>
    public const int DayAheadPriceFilter = 4169;

    /// <summary>Scheme and host (and optional path prefix) before <c>/app/chart_data/...</c>.</summary>
    public Uri BaseUrl { get; init; } = new("https://www.smard.de");

    /// <summary>SMARD filter id; 4169 is the day-ahead price.</summary>
    public int Filter { get; init; } = DayAheadPriceFilter;

    /// <summary>Bidding zone or region, e.g. <c>DE-LU</c>, <c>AT</c>.</summary>
    public string Region { get; init; } = "DE-LU";

    public SmardResolution Resolution { get; init; } = SmardResolution.Hour;

    /// <summary>On-disk cache; null disables it. Default: <see cref="DefaultCacheDirectory"/>.</summary>
    public string? CacheDirectory { get; init; } = DefaultCacheDirectory();

    /// <summary>Limit for each HTTP request, body included.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a cached index (and the newest, still growing block) stays fresh.</summary>
    public TimeSpan IndexTimeToLive { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Block downloads running at once.</summary>
    public int MaxParallelRequests { get; init; } = 4;

    /// <summary><c>$XDG_CACHE_HOME/bench/smard</c>, else <c>~/.cache/bench/smard</c>, else under the temp dir.</summary>
    public static string DefaultCacheDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathFullyQualified(xdg))
        {
            return Path.Combine(xdg, "bench", "smard");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home)
            ? Path.Combine(Path.GetTempPath(), "bench-cache", "smard")
            : Path.Combine(home, ".cache", "bench", "smard");
    }

    /// <summary>True for region names SMARD uses (letters, digits, dashes), which are also safe in paths.</summary>
    public static bool IsValidRegion(string? region) => region is not null && RegionPattern().IsMatch(region);

    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    internal void Validate()
    {
        if (!BaseUrl.IsAbsoluteUri || (BaseUrl.Scheme != Uri.UriSchemeHttp && BaseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"SMARD base URL '{BaseUrl}' must be an absolute http(s) URL.", nameof(BaseUrl));
        }

        if (!IsValidRegion(Region))
        {
            throw new ArgumentException($"SMARD region '{Region}' must be letters, digits and dashes, e.g. DE-LU.", nameof(Region));
        }

        if (Filter <= 0)
        {
            throw new ArgumentException($"SMARD filter {Filter} must be a positive id, e.g. {DayAheadPriceFilter}.", nameof(Filter));
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"SMARD request timeout {RequestTimeout} must be positive.", nameof(RequestTimeout));
        }

        if (IndexTimeToLive < TimeSpan.Zero)
        {
            throw new ArgumentException($"SMARD index time-to-live {IndexTimeToLive} must not be negative.", nameof(IndexTimeToLive));
        }

        if (MaxParallelRequests < 1)
        {
            throw new ArgumentException($"SMARD parallel requests {MaxParallelRequests} must be at least 1.", nameof(MaxParallelRequests));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,31}$")]
    private static partial Regex RegionPattern();
}
