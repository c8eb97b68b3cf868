using Bench.Pipeline.Analysis;
using Bench.Pipeline.Sinks;
using Bench.Pipeline.Sinks.Postgres;
using Bench.Pipeline.Timeline;
using Npgsql;

namespace Bench.Functions.Jobs;

/// <summary>
/// A PostgreSQL sink for one Slurm job's assembly: its <c>slurm_jobs</c> row and timeline commit in the same
/// transaction as the work of <paramref name="beforeCommit"/> (the job's status, while the lease is held).
/// A job of one file shares that file's <c>job_&lt;stem&gt;</c> table, so its timeline rows are not written again.
/// </summary>
internal sealed class AssemblyResultSink(PostgresResultSink inner, Action<NpgsqlConnection, NpgsqlTransaction> beforeCommit) : IResultSink
{
    public IResultWriter Begin(ResultTarget target) =>
        throw new NotSupportedException("an assembly writes the Slurm job's tables only; its files were written by their own analyses");

    public IResultWriter BeginJob(JobResultTarget target)
    {
        var writer = inner.Begin(ResultDestination.For(target), beforeCommit);
        return target.SharedTimelineTable is null ? writer : new SharedTimelineWriter(writer);
    }

    public void Dispose()
    {
        // The inner sink is shared by every job of the process.
    }

    /// <summary>The rows are in the file's table already: only the summary row and status are written.</summary>
    private sealed class SharedTimelineWriter(PostgresResultWriter inner) : IResultWriter
    {
        public string TableName => inner.TableName;

        public void Write(NodeTimeline timeline)
        {
        }

        public void Commit(AnalysisResult result, ResultProvenance provenance) => inner.Commit(result, provenance);

        public void Dispose() => inner.Dispose();
    }
}
