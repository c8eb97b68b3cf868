using Bench.Functions.Report;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Sinks;
using Bench.Pipeline.Sinks.Postgres;
using Bench.Pipeline.Timeline;
using Npgsql;

namespace Bench.Functions.Jobs;

/// <summary>
/// A PostgreSQL sink for one Slurm job's assembly: its <c>slurm_jobs</c> row and timeline commit in the same
/// transaction as the work of <paramref name="beforeCommit"/> (the job's status while the lease is held, and
/// its stored series), which is handed every node's timeline as written (power, energy, cost and price columns).
/// A job of one file shares that file's <c>job_&lt;stem&gt;</c> table, so its timeline rows are not written again.
/// </summary>
internal sealed class AssemblyResultSink(PostgresResultSink inner, Action<NpgsqlConnection, NpgsqlTransaction, IReadOnlyList<CapturedNode>> beforeCommit) : IResultSink
{
    public IResultWriter Begin(ResultTarget target) =>
        throw new NotSupportedException("an assembly writes the Slurm job's tables only; its files were written by their own analyses");

    public IResultWriter BeginJob(JobResultTarget target)
    {
        var nodes = new List<CapturedNode>();
        var writer = inner.Begin(ResultDestination.For(target), (connection, transaction) => beforeCommit(connection, transaction, nodes));
        return new CapturingWriter(writer, nodes, WriteRows: target.SharedTimelineTable is null);
    }

    public void Dispose()
    {
        // The inner sink is shared by every job of the process.
    }

    /// <summary>Keeps each node's columns for the series; with a shared table the rows are in the file's table already.</summary>
    private sealed class CapturingWriter(PostgresResultWriter inner, List<CapturedNode> nodes, bool WriteRows) : IResultWriter
    {
        public string TableName => inner.TableName;

        public void Write(NodeTimeline timeline)
        {
            nodes.Add(CapturedNode.From(timeline));
            if (WriteRows)
            {
                inner.Write(timeline);
            }
        }

        public void Commit(AnalysisResult result, ResultProvenance provenance) => inner.Commit(result, provenance);

        public void Dispose() => inner.Dispose();
    }
}
