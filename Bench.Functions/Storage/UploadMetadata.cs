using System.Collections.ObjectModel;

namespace Bench.Functions.Storage;

/// <summary>
/// What a client may attach to an upload (already sanitized like object names): the benchmark and the
/// cluster. They travel as S3 user metadata that the presigned PUT signs, so the analysis reads them
/// from the object itself.
/// </summary>
public readonly record struct UploadMetadata(string? Benchmark, string? Cluster)
{
    /// <summary>The S3 header carrying the benchmark name (user metadata <c>benchmark</c>).</summary>
    public const string BenchmarkHeader = "x-amz-meta-benchmark";

    /// <summary>The S3 header carrying the cluster name (user metadata <c>cluster</c>).</summary>
    public const string ClusterHeader = "x-amz-meta-cluster";

    private static readonly ReadOnlyDictionary<string, string> NoHeaders = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>
    /// The headers the client must send with its PUT, exactly as signed: empty when nothing is attached
    /// (one shared instance, no allocation).
    /// </summary>
    public IReadOnlyDictionary<string, string> Headers()
    {
        if (Benchmark is null && Cluster is null)
        {
            return NoHeaders;
        }

        var headers = new Dictionary<string, string>(2, StringComparer.Ordinal);
        if (Benchmark is not null)
        {
            headers[BenchmarkHeader] = Benchmark;
        }

        if (Cluster is not null)
        {
            headers[ClusterHeader] = Cluster;
        }

        return headers;
    }
}
