using Bench.Pipeline.Analysis;

namespace Bench.Functions.Jobs;

/// <summary>An upload (one analysis of one object version) in a listing.</summary>
public sealed record UploadResponse(
    Guid Id,
    string State,
    string Key,
    string FileName,
    string Etag,
    string Origin,
    int Attempts,
    string? Error,
    string? TableName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string Kind,
    string? Benchmark,
    string Cluster,
    string? SlurmJobId);

/// <summary><c>GET /uploads</c>: newest first; <see cref="NextCursor"/> is null on the last page. (The list keeps its name <c>jobs</c>, as before the move.)</summary>
public sealed record UploadListResponse(IReadOnlyList<UploadResponse> Jobs, string? NextCursor);

/// <summary>When an upload was seen, queued, published, started (last attempt) and finished, and the spans between.</summary>
public sealed record JobTimings(
    DateTimeOffset CreatedAt,
    DateTimeOffset QueuedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? RunSeconds,
    double? TotalSeconds);

/// <summary>
/// <c>GET /uploads/{id}</c>: the upload and, once it succeeded, the figures under the names <c>analyze --json</c> uses.
/// <see cref="SupersededBy"/> names a later upload of the same key whose results replaced these.
/// </summary>
public sealed record UploadDetailResponse(
    Guid Id,
    string State,
    string Key,
    string FileName,
    string Etag,
    string? VersionId,
    long? SizeBytes,
    string Origin,
    int Attempts,
    string? Error,
    string? TableName,
    JobTimings Timings,
    Guid? SupersededBy,
    AnalysisReport? Summary,
    string Kind,
    string? Benchmark,
    string Cluster,
    string? SlurmJobId);

/// <summary>One node's power and cumulative energy, one entry per time bucket.</summary>
public sealed record NodeSeries(string Node, int Samples, double[] ElapsedS, double[] PowerW, double[] PeakPowerW, double[] EnergyJ, double?[]? CostEur, double?[]? PriceEurPerMwh);

/// <summary><c>GET /uploads/{id}/series</c>: per node series downsampled to at most <see cref="Points"/> buckets over the file's time.</summary>
public sealed record UploadSeriesResponse(Guid JobId, string TableName, int Points, double BucketSeconds, IReadOnlyList<NodeSeries> Nodes);

/// <summary>Maps stored uploads to their wire form.</summary>
internal static class UploadMapper
{
    public static UploadResponse ToResponse(this AnalysisJob j) =>
        new(j.Id, j.State, j.ObjectKey, ObjectSources.FileName(j.ObjectKey), j.ETag, j.Origin, j.Attempts, j.Error, j.TableName, j.CreatedAt, j.StartedAt, j.FinishedAt,
            j.Kind, j.Benchmark, j.Cluster, j.SlurmJobId);

    public static UploadDetailResponse ToDetail(this AnalysisJob j, Guid? supersededBy, AnalysisReport? summary) => new(
        j.Id, j.State, j.ObjectKey, ObjectSources.FileName(j.ObjectKey), j.ETag, j.VersionId, j.SizeBytes, j.Origin, j.Attempts, j.Error, j.TableName,
        new JobTimings(
            j.CreatedAt, j.QueuedAt, j.PublishedAt, j.StartedAt, j.FinishedAt,
            j.StartedAt is { } s && j.FinishedAt is { } f ? (f - s).TotalSeconds : null,
            j.FinishedAt is { } end ? (end - j.CreatedAt).TotalSeconds : null),
        supersededBy,
        summary,
        j.Kind, j.Benchmark, j.Cluster, j.SlurmJobId);
}
