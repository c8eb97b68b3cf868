using System.Text.RegularExpressions;

namespace Bench.Pipeline.Perf;

/// <summary>
/// What a performance-counter file's name says about its Slurm job: <c>_&lt;id&gt;.csv</c> at the end
/// (<c>flops_9799476.csv</c>), else a <c>job_&lt;id&gt;_</c> segment (<c>flops/job_9799476/perf.csv</c>, or
/// <c>flops_job_9799476_perf.csv</c> once sanitising turned <c>/</c> into <c>_</c>).
/// </summary>
public static partial class PerfFileNames
{
    /// <summary>True for the names the analysis takes as counter files (<c>.csv</c>, any case).</summary>
    public static bool IsPerfFile(string path) => path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Slurm job id the name carries, or null; path separators count as <c>_</c>, as sanitising makes them.</summary>
    public static string? SlurmJobId(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = path.Replace('\\', '_').Replace('/', '_');
        var match = IdAtEnd().Match(name);
        if (match.Success)
        {
            return match.Groups["job"].Value;
        }

        var segments = JobSegment().Matches(name);
        return segments.Count > 0 ? segments[^1].Groups["job"].Value : null;
    }

    [GeneratedRegex(@"_(?<job>[0-9]+)\.csv$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IdAtEnd();

    [GeneratedRegex(@"(?<![A-Za-z0-9])job_(?<job>[0-9]+)_", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex JobSegment();
}
