using Bench.Pipeline.Analysis;
using Bench.Pipeline.Sinks;
using Bench.Pipeline.Timeline;

namespace Bench.Functions.Report;

/// <summary>
/// Passes results on to another sink (or none) and keeps, per node, the power, energy, cost and price
/// columns of the last Slurm job committed: what <c>analyze --report</c> downsamples into the page.
/// Jobs run one after another, so "the last job" is the one just analysed.
/// </summary>
internal sealed class SeriesCaptureSink(IResultSink? inner) : IResultSink
{
    // Per table (a file's job_<stem>, or a job's own): its nodes' columns, until the job that uses it commits.
    private readonly Dictionary<string, List<CapturedNode>> _tables = new(StringComparer.Ordinal);
    private IReadOnlyList<CapturedNode>? _lastJob;
    private int _anonymous;

    public IResultWriter Begin(ResultTarget target)
    {
        var writer = inner?.Begin(target);
        return new Writer(this, writer, writer?.TableName ?? $"file:{target.Source}#{_anonymous++}", IsJob: false, SharedTable: null);
    }

    public IResultWriter BeginJob(JobResultTarget target)
    {
        var writer = inner?.BeginJob(target);
        return new Writer(this, writer, writer?.TableName ?? $"job:{target.Key}#{_anonymous++}", IsJob: true, target.SharedTimelineTable);
    }

    /// <summary>The nodes of the job committed last (null when none was), forgetting every capture.</summary>
    public IReadOnlyList<CapturedNode>? TakeLastJob()
    {
        var last = _lastJob;
        _lastJob = null;
        _tables.Clear();
        return last;
    }

    public void Dispose() => inner?.Dispose();

    private sealed class Writer(SeriesCaptureSink owner, IResultWriter? inner, string tableName, bool IsJob, string? SharedTable) : IResultWriter
    {
        private readonly List<CapturedNode> _nodes = [];

        public string TableName => tableName;

        public void Write(NodeTimeline timeline)
        {
            inner?.Write(timeline);
            _nodes.Add(CapturedNode.From(timeline));
        }

        public void Commit(AnalysisResult result, ResultProvenance provenance)
        {
            inner?.Commit(result, provenance);
            if (SharedTable is not null)
            {
                // A job of one file: its timeline is the file's, captured when the file was written.
                owner._lastJob = owner._tables.TryGetValue(SharedTable, out var shared) ? shared : [];
            }
            else if (IsJob)
            {
                owner._lastJob = _nodes;
            }
            else
            {
                owner._tables[tableName] = _nodes;
            }
        }

        public void Dispose() => inner?.Dispose();
    }
}

/// <summary>One node's columns of a timeline, as the report needs them (cost and price only when priced).</summary>
internal sealed record CapturedNode(string Node, double[] ElapsedS, float[] PowerW, double[] EnergyJ, double[]? CostEur, float[]? PriceEurPerMwh)
{
    public static CapturedNode From(NodeTimeline t)
    {
        var priced = t.CostEur.Any(double.IsFinite);
        return new CapturedNode(
            t.Node,
            (double[])t.ElapsedS.Clone(),
            Array.ConvertAll(t.PowerW, p => (float)p),
            (double[])t.EnergyJ.Clone(),
            priced ? (double[])t.CostEur.Clone() : null,
            priced ? Array.ConvertAll(t.PriceEurPerMwh, p => (float)p) : null);
    }
}
