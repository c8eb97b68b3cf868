namespace Bench.Functions.Jobs;

/// <summary>
/// Change tokens of Slurm jobs (<c>GET /jobs?since=</c>). Every transaction that changes a
/// <c>slurm_job_status</c> row or writes a <c>slurm_job_deletions</c> tombstone takes <see cref="LockKey"/>
/// with <see cref="LockSql"/> before it draws its value from the <c>slurm_job_changes</c> sequence, and holds
/// it to commit: values then become visible in the order they were drawn, so a poller that has seen value N
/// can never later find a committed change below N.
/// </summary>
internal static class SlurmJobChanges
{
    /// <summary>Arbitrary constant shared by every Bench process: "bench" + "jchg" as bytes.</summary>
    public const long LockKey = 0x62656E63_6A636867;

    /// <summary>Run inside the writing transaction, right before the statement that takes <c>nextval('slurm_job_changes')</c>.</summary>
    public const string LockSql = "SELECT pg_advisory_xact_lock(7090194561630431335)";
}
