namespace Bench.Functions.Jobs;

/// <summary>An object version to analyse, as announced by MinIO or found by the rescan.</summary>
internal sealed record ObjectVersion(
    string Bucket,
    string Key,
    string ETag,
    string Owner,
    string? VersionId = null,
    long? SizeBytes = null,
    DateTimeOffset? EventTime = null);

/// <summary>What recording an object version did: a new job, or the one that already existed for it.</summary>
internal sealed record RecordedJob(Guid Id, ObjectVersion Object, string State, bool Created);
