using Bench.Functions.Tests.Hdf5;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Jobs;
using Bench.Pipeline.Pricing;
using Bench.Pipeline.Sinks;
using Bench.Pipeline.Sinks.DuckDb;
using Bench.Pipeline.Timeline;

namespace Bench.Functions.Tests.Sinks;

/// <summary>Every value of every row read back from DuckDB equals what the analysis computed in memory.</summary>
public sealed class DuckDbRoundTripTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Writes through to the real sink and keeps a copy of every timeline.</summary>
    private sealed class TeeSink(IResultSink inner) : IResultSink
    {
        public List<NodeTimeline> Timelines { get; } = [];

        public IResultWriter Begin(ResultTarget target) => new Writer(inner.Begin(target), Timelines);

        public IResultWriter BeginJob(JobResultTarget target) => new Writer(inner.BeginJob(target), Timelines);

        public void Dispose() => inner.Dispose();

        private sealed class Writer(IResultWriter inner, List<NodeTimeline> copies) : IResultWriter
        {
            public string TableName => inner.TableName;

            public void Write(NodeTimeline timeline)
            {
                copies.Add(timeline);
                inner.Write(timeline);
            }

            public void Commit(AnalysisResult result, ResultProvenance provenance) => inner.Commit(result, provenance);

            public void Dispose() => inner.Dispose();
        }
    }

    [Fact]
    public async Task EveryTimelineValueAndTheSummaryReadBackExactly()
    {
        var db = _dir.File("results.duckdb");
        var sample = Path.Combine(RepoRoot.Path, "samples", "job_20251.h5");
        var tariffs = new TariffSources(
            new CsvTariffSource(TariffQuantity.Price, Path.Combine(RepoRoot.Path, "samples", "prices-2024-03-04.csv")),
            new FixedTariffSource(TariffQuantity.Carbon, 380));
        AnalysisResult result;
        List<NodeTimeline> timelines;
        using (var tee = new TeeSink(DuckDbResultSink.Open(db)))
        {
            result = await FileAnalysis.RunAsync(sample, tariffs, tee);
            timelines = tee.Timelines;
        }

        using var file = DuckDbFile.Open(db, DuckDbFileOptions.ReadOnly);
        var columns = ResultSchema.TimelineColumns;
        var rows = file.Query($"SELECT {SqlDialect.ColumnList(columns)} FROM job_job_20251 ORDER BY node, epoch_s");
        var expected = timelines.OrderBy(t => t.Node, StringComparer.Ordinal)
            .SelectMany(t => Enumerable.Range(0, t.Length).Select(i => (Timeline: t, Row: i)))
            .ToList();
        Assert.Equal(expected.Count, rows.RowCount);
        Assert.Equal(result.TimelineRows, rows.RowCount);
        var nulls = 0;
        for (var r = 0; r < rows.RowCount; r++)
        {
            var (t, i) = expected[r];
            nulls += TimelineRowAssert.Equal(t, i, rows, r);
        }

        Assert.True(nulls > 0, "the sample has times outside the task series, which must read back as NULL");
        var summary = file.Query("SELECT energy_to_solution_j, peak_power_w, cost_eur, co2_g, nodes, slurm_job_id, per_node FROM job_summaries");
        Assert.Equal(result.EnergyToSolutionJ, (double)summary[0, 0]!);
        Assert.Equal(result.PeakPowerW, (double)summary[0, 1]!);
        Assert.Equal(result.CostEur!.Value, (double)summary[0, 2]!);
        Assert.Equal(result.Co2G!.Value, (double)summary[0, 3]!);
        Assert.Equal(4, Convert.ToInt64(summary[0, 4], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("20251", (string?)summary[0, 5]);
        Assert.Contains("\"node\":\"cn004\"", (string?)summary[0, 6], StringComparison.Ordinal);
        // Cost and CO2 of the summary equal the cumulative columns' last values summed over nodes.
        Assert.Equal(result.CostEur.Value, timelines.Sum(t => t.CostEur[^1]), 9);
        Assert.Equal(380 * result.EnergyToSolutionJ / 3.6e6, result.Co2G.Value, 6);
    }
}
