namespace Bench.Functions.Jobs;

/// <summary>An object version to analyse, as announced by MinIO or found by the rescan.</summary>
/// <param name="Identity">Its kind and Slurm job as far as the announcement tells (the analysis reads the object's metadata again).</param>
internal sealed record ObjectVersion(
    string Bucket,
    string Key,
    string ETag,
    string Owner,
    string? VersionId = null,
    long? SizeBytes = null,
    DateTimeOffset? EventTime = null,
    UploadIdentity? Identity = null)
{
    /// <summary>The identity given, else the one the key's name says.</summary>
    public UploadIdentity IdentityOrFromName => Identity ?? UploadIdentity.Of(Key);
}

/// <summary>What recording an object version did to its job.</summary>
internal enum RecordOutcome
{
    /// <summary>A new job, queued.</summary>
    Created,

    /// <summary>
    /// The version's finished job was queued again: the version was uploaded anew after another version of
    /// the key (content A, then B, then A again), so the key's tables hold the other version's results.
    /// </summary>
    Requeued,

    /// <summary>The version already has a job that is queued, running, or finished and current: a duplicate.</summary>
    Existing,
}

/// <summary>What recording an object version did: its job and whether that job needs a message.</summary>
internal sealed record RecordedJob(Guid Id, ObjectVersion Object, string State, RecordOutcome Outcome)
{
    public bool Queued => Outcome != RecordOutcome.Existing;
}
