using Bench.Pipeline.Analysis;
using Bench.Pipeline.Sinks;
using Bench.Pipeline.Timeline;

namespace Bench.Functions.Cli;

/// <summary>A sink that only counts rows, so a benchmark builds every timeline without storing it.</summary>
internal sealed class CountingSink : IResultSink
{
    public long Rows { get; private set; }

    public IResultWriter Begin(ResultTarget target) => new Writer(this);

    public IResultWriter BeginJob(JobResultTarget target) => new Writer(this);

    public void Dispose()
    {
    }

    private sealed class Writer(CountingSink sink) : IResultWriter
    {
        public string TableName => "none";

        public void Write(NodeTimeline timeline) => sink.Rows += timeline.Length;

        public void Commit(AnalysisResult result, ResultProvenance provenance)
        {
        }

        public void Dispose()
        {
        }
    }
}
