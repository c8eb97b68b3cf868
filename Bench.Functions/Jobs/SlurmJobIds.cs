namespace Bench.Functions.Jobs;

/// <summary>
/// A Slurm job's id in the API (<c>/jobs/{id}</c>): <c>&lt;slurm_job_id&gt;</c> when the uploads named no
/// cluster, else <c>&lt;slurm_job_id&gt;@&lt;cluster&gt;</c>; and its key in <c>slurm_jobs</c> and
/// <c>slurm_job_status</c>: <c>&lt;owner&gt;/&lt;cluster&gt;/&lt;slurm_job_id&gt;</c>.
/// </summary>
internal static class SlurmJobIds
{
    public static string Format(string slurmJobId, string cluster) =>
        cluster.Length == 0 ? slurmJobId : $"{slurmJobId}@{cluster}";

    /// <summary>The Slurm job id and cluster <paramref name="id"/> names; false when it cannot name a job.</summary>
    public static bool TryParse(string? id, out string slurmJobId, out string cluster)
    {
        slurmJobId = "";
        cluster = "";
        // A control character (NUL from %00) can name no job, and PostgreSQL refuses NUL in text.
        if (string.IsNullOrEmpty(id) || id.Any(char.IsControl))
        {
            return false;
        }

        var at = id.IndexOf('@', StringComparison.Ordinal);
        slurmJobId = at < 0 ? id : id[..at];
        cluster = at < 0 ? "" : id[(at + 1)..];
        return slurmJobId.Length > 0 && (at < 0 || cluster.Length > 0);
    }

    public static string Key(string owner, string cluster, string slurmJobId) => $"{owner}/{cluster}/{slurmJobId}";
}
