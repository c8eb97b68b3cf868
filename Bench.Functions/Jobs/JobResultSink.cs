using Bench.Pipeline.Sinks;
using Bench.Pipeline.Sinks.Postgres;
using Npgsql;

namespace Bench.Functions.Jobs;

/// <summary>
/// A PostgreSQL sink whose commit also marks the job succeeded, in the same transaction: the job's
/// table, its summary row and its state become visible together, or not at all.
/// </summary>
internal sealed class JobResultSink(PostgresResultSink inner, Guid jobId, Guid attemptToken) : IResultSink
{
    public IResultWriter Begin(ResultTarget target)
    {
        PostgresResultWriter? writer = null;
        writer = inner.Begin(target, (connection, transaction) =>
            JobStore.MarkSucceeded(connection, transaction, jobId, attemptToken, writer!.TableName));
        return writer;
    }

    /// <summary>A Slurm job's tables; they do not decide an upload's state, so nothing else rides on the commit.</summary>
    public IResultWriter BeginJob(JobResultTarget target) => inner.BeginJob(target);

    public void Dispose()
    {
        // The inner sink is shared by every job of the process.
    }
}
