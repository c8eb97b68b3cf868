using Bench.Pipeline.Sinks;
using Bench.Pipeline.Sinks.Postgres;
using Npgsql;

namespace Bench.Functions.Jobs;

/// <summary>
/// A PostgreSQL sink whose commit also marks the job succeeded, in the same transaction: the job's
/// table, its summary row and its state become visible together, or not at all; so does the news to
/// its Slurm job (<see cref="SlurmJobStatusId"/>).
/// </summary>
internal sealed class JobResultSink(PostgresResultSink inner, Guid jobId, Guid attemptToken, UploadIdentity identity) : IResultSink
{
    /// <summary>After the commit: the <c>slurm_job_status</c> row the upload belongs to, or null when it names no job.</summary>
    public Guid? SlurmJobStatusId { get; private set; }

    public IResultWriter Begin(ResultTarget target)
    {
        PostgresResultWriter? writer = null;
        writer = inner.Begin(target, (connection, transaction) =>
            SlurmJobStatusId = JobStore.MarkSucceeded(connection, transaction, jobId, attemptToken, writer!.TableName, identity));
        return writer;
    }

    /// <summary>A Slurm job's tables; they do not decide an upload's state, so nothing else rides on the commit.</summary>
    public IResultWriter BeginJob(JobResultTarget target) => inner.BeginJob(target);

    public void Dispose()
    {
        // The inner sink is shared by every job of the process.
    }
}
