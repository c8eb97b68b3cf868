using Bench.Pipeline.Analysis;

namespace Bench.Functions.Jobs;

/// <summary>A job in a listing.</summary>
public sealed record JobResponse(
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
    DateTimeOffset? FinishedAt);

/// <summary><c>GET /jobs</c>: newest first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record JobListResponse(IReadOnlyList<JobResponse> Jobs, string? NextCursor);

/// <summary>When a job was seen, queued, published, started (last attempt) and finished, and the spans between.</summary>
public sealed record JobTimings(
    DateTimeOffset CreatedAt,
    DateTimeOffset QueuedAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? RunSeconds,
    double? TotalSeconds);

/// <summary>
/// <c>GET /jobs/{id}</c>: the job and, once it succeeded, the figures under the names <c>analyze --json</c> uses.
/// <see cref="SupersededBy"/> names a later job of the same key whose results replaced these.
/// </summary>
public sealed record JobDetailResponse(
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
    AnalysisReport? Summary);

/// <summary>One node's power and cumulative energy, one entry per time bucket.</summary>
public sealed record NodeSeries(string Node, int Samples, double[] ElapsedS, double[] PowerW, double[] PeakPowerW, double[] EnergyJ);

/// <summary><c>GET /jobs/{id}/series</c>: per node series downsampled to at most <see cref="Points"/> buckets over the job's time.</summary>
public sealed record JobSeriesResponse(Guid JobId, string TableName, int Points, double BucketSeconds, IReadOnlyList<NodeSeries> Nodes);

/// <summary>Maps stored jobs to their wire form.</summary>
internal static class JobMapper
{
    public static JobResponse ToResponse(this AnalysisJob j) =>
        new(j.Id, j.State, j.ObjectKey, ObjectSources.FileName(j.ObjectKey), j.ETag, j.Origin, j.Attempts, j.Error, j.TableName, j.CreatedAt, j.StartedAt, j.FinishedAt);

    public static JobDetailResponse ToDetail(this AnalysisJob j, Guid? supersededBy, AnalysisReport? summary) => new(
        j.Id, j.State, j.ObjectKey, ObjectSources.FileName(j.ObjectKey), j.ETag, j.VersionId, j.SizeBytes, j.Origin, j.Attempts, j.Error, j.TableName,
        new JobTimings(
            j.CreatedAt, j.QueuedAt, j.PublishedAt, j.StartedAt, j.FinishedAt,
            j.StartedAt is { } s && j.FinishedAt is { } f ? (f - s).TotalSeconds : null,
            j.FinishedAt is { } end ? (end - j.CreatedAt).TotalSeconds : null),
        supersededBy,
        summary);
}
