using System.Text;
using Bench.Functions.Storage;
using Bench.Pipeline.Jobs;
using Bench.Pipeline.Perf;

namespace Bench.Functions.Jobs;

/// <summary>The kinds of upload (<c>analysis_jobs.kind</c>): a Slurm profile or a benchmark's counters.</summary>
internal static class UploadKinds
{
    public const string Profile = "profile";
    public const string Perf = "perf";

    /// <summary><c>.h5</c> is a profile, <c>.csv</c> performance counters (any case); null for anything else.</summary>
    public static string? Of(string key) =>
        key.EndsWith(".h5", StringComparison.OrdinalIgnoreCase) ? Profile
        : key.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? Perf
        : null;
}

/// <summary>
/// Which Slurm job an upload belongs to: kind, Slurm job id, benchmark and cluster. The object's metadata
/// (<c>x-amz-meta-benchmark</c>, <c>x-amz-meta-cluster</c>) wins; without it the benchmark is the text before
/// <c>_job_&lt;id&gt;_</c> (the upload's own job id) in the file name and the cluster is empty. The job id comes
/// from the name by the rules <c>analyze</c> uses (<see cref="SlurmJobFile"/>, <see cref="PerfFileNames"/>).
/// </summary>
internal sealed record UploadIdentity(string Kind, string? SlurmJobId, string? Benchmark, string Cluster)
{
    /// <summary>Longer metadata values are not names (a benchmark or cluster is at most an object name long).</summary>
    private const int MaxNameLength = ObjectNames.MaxLength;

    /// <summary>The identity of <paramref name="key"/> (kind from its suffix) given its metadata, if known.</summary>
    public static UploadIdentity Of(string key, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var kind = UploadKinds.Of(key) ?? throw new ArgumentException($"'{key}' is neither an .h5 profile nor a .csv counter file", nameof(key));
        var name = ObjectSources.FileName(key);
        // The same rules as the local analyze: Bench.Pipeline's, for .h5 and .csv names alike.
        var slurmJobId = kind == UploadKinds.Profile ? SlurmJobFile.Of(name).SlurmJobId : PerfFileNames.SlurmJobId(name);
        var benchmark = Metadata(metadata, UploadMetadata.BenchmarkHeader)
            ?? (slurmJobId is null ? null : BenchmarkNames.FromObjectName(name, slurmJobId));
        return new UploadIdentity(kind, slurmJobId, benchmark, Metadata(metadata, UploadMetadata.ClusterHeader) ?? "");
    }

    /// <summary>A metadata value by its header name (any case, with or without the x-amz-meta- prefix), sanitised like object names.</summary>
    private static string? Metadata(IReadOnlyDictionary<string, string>? metadata, string header)
    {
        if (metadata is null)
        {
            return null;
        }

        var bare = header["x-amz-meta-".Length..];
        foreach (var (name, value) in metadata)
        {
            if (name.Equals(header, StringComparison.OrdinalIgnoreCase) || name.Equals(bare, StringComparison.OrdinalIgnoreCase))
            {
                return Sanitize(value);
            }
        }

        return null;
    }

    /// <summary>As object names: anything outside <c>[A-Za-z0-9._-]</c> becomes <c>_</c>; blank is unknown.</summary>
    internal static string? Sanitize(string? value)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var builder = new StringBuilder(Math.Min(value.Length, MaxNameLength));
        foreach (var rune in value.EnumerateRunes())
        {
            if (builder.Length == MaxNameLength)
            {
                break;
            }

            builder.Append(rune.IsAscii && ObjectNames.IsKept((char)rune.Value) ? (char)rune.Value : '_');
        }

        return builder.ToString();
    }
}
