namespace Bench.Functions.Jobs;

/// <summary>The states of <c>slurm_job_status.state</c> (SPEC11): pending -&gt; running -&gt; done | failed, pending again when a file lands.</summary>
internal static class SlurmJobStates
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
}

/// <summary>One <c>slurm_job_status</c> row as an assembly needs it.</summary>
internal sealed record SlurmJobStatus(
    Guid Id,
    string Owner,
    string Cluster,
    string SlurmJobId,
    string JobKey,
    string? Benchmark,
    string State,
    long Generation,
    long AnalyzedGeneration)
{
    /// <summary>The job's key in <c>slurm_jobs</c> and <c>slurm_job_status</c>: <c>owner/cluster/slurm_job_id</c>.</summary>
    public static string KeyOf(string owner, string cluster, string slurmJobId) => $"{owner}/{cluster}/{slurmJobId}";
}

/// <summary>What trying to start an assembly found.</summary>
internal enum AssemblyClaimStatus
{
    /// <summary>The job is running under the caller's token.</summary>
    Claimed,

    /// <summary>No such job (deleted since).</summary>
    NotFound,

    /// <summary>Its figures cover every file already: a duplicate message.</summary>
    UpToDate,

    /// <summary>Another assembly holds a live lease; it runs again itself if more arrived meanwhile.</summary>
    Busy,

    /// <summary>A file landed less than the settle delay ago: try again after <see cref="AssemblyClaim.Wait"/>.</summary>
    Settling,

    /// <summary>Uploads of the job are still queued or running; each one's end asks for the assembly again.</summary>
    WaitingForUploads,
}

/// <summary>The outcome of <see cref="SlurmJobStatusStore.TryClaimAsync"/>; <see cref="Job"/> is set unless NotFound.</summary>
internal sealed record AssemblyClaim(AssemblyClaimStatus Status, SlurmJobStatus? Job, TimeSpan Wait = default);

/// <summary>A succeeded upload an assembly uses: its object version, kind, per-file table and parsed counters.</summary>
internal sealed record AssemblyUpload(Guid Id, string Bucket, string ObjectKey, string ETag, string Kind, string? TableName, string? PerfJson)
{
    public string Source => ObjectSources.Of(Bucket, ObjectKey);
}
