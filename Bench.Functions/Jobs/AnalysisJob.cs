namespace Bench.Functions.Jobs;

/// <summary>One row of <c>analysis_jobs</c>: the analysis of one object version.</summary>
internal sealed record AnalysisJob
{
    public required Guid Id { get; init; }
    public required string Bucket { get; init; }
    public required string ObjectKey { get; init; }
    public required string ETag { get; init; }
    public string? VersionId { get; init; }
    public long? SizeBytes { get; init; }
    public required string Owner { get; init; }
    public required string Origin { get; init; }
    public required string State { get; init; }
    public required int Attempts { get; init; }
    public string? Error { get; init; }
    public string? TableName { get; init; }
    public DateTimeOffset? EventTime { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset QueuedAt { get; init; }
    public DateTimeOffset? PublishedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary><c>profile</c> (.h5) or <c>perf</c> (.csv).</summary>
    public string Kind { get; init; } = UploadKinds.Profile;

    /// <summary>The cluster its metadata named ('' when none).</summary>
    public string Cluster { get; init; } = "";

    /// <summary>The Slurm job its name names, or null.</summary>
    public string? SlurmJobId { get; init; }

    public string? Benchmark { get; init; }

    /// <summary>What the row says about the upload's job (before the analysis reads the object's metadata, from its name).</summary>
    public UploadIdentity Identity => new(Kind, SlurmJobId, Benchmark, Cluster);

    /// <summary>The summary row's key in <c>job_summaries</c>: <c>s3://bucket/key</c>.</summary>
    public string Source => ObjectSources.Of(Bucket, ObjectKey);
}
