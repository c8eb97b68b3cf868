using System.Text.RegularExpressions;

namespace Bench.Pipeline.Jobs;

/// <summary>
/// The benchmark a job ran, from the names of its files when nothing says it outright: the benchmark
/// suite stores a run's outputs as <c>&lt;benchmark&gt;/job_&lt;id&gt;/...</c>, which becomes
/// <c>&lt;benchmark&gt;_job_&lt;id&gt;_...</c> once uploaded (sanitising turns <c>/</c> into <c>_</c>).
/// </summary>
public static partial class BenchmarkNames
{
    /// <summary>The text before <c>_job_&lt;id&gt;_</c> in a sanitised object name, or null.</summary>
    public static string? FromObjectName(string sanitisedName, string slurmJobId)
    {
        ArgumentNullException.ThrowIfNull(sanitisedName);
        ArgumentException.ThrowIfNullOrEmpty(slurmJobId);
        var at = sanitisedName.IndexOf($"_job_{slurmJobId}_", StringComparison.Ordinal);
        return at > 0 ? sanitisedName[..at] : null;
    }

    /// <summary>
    /// For a local path: the directory above a <c>job_&lt;id&gt;</c> directory (<c>runs/flops/job_77/x.csv</c>
    /// gives <c>flops</c>; the directories above it are the user's, not the benchmark's), else the file name's
    /// text before <c>_job_&lt;id&gt;_</c>; null when neither is there.
    /// </summary>
    public static string? FromLocalPath(string path, string slurmJobId)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentException.ThrowIfNullOrEmpty(slurmJobId);
        var parts = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = parts.Length - 2; i >= 1; i--)
        {
            if (parts[i] == $"job_{slurmJobId}" && ValidName().IsMatch(parts[i - 1]))
            {
                return parts[i - 1];
            }
        }

        return parts.Length == 0 ? null : FromObjectName(parts[^1], slurmJobId);
    }

    /// <summary>A directory name that can be a benchmark's (not "." or ".." or a drive).</summary>
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidName();
}
