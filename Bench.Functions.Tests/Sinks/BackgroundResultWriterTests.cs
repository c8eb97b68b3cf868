using Bench.Functions.Tests.Hdf5;
using Bench.Functions.Tests.SlurmJobs;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Jobs;
using Bench.Pipeline.Pricing;
using Bench.Pipeline.Sinks;
using Bench.Pipeline.Sinks.DuckDb;
using Bench.Pipeline.Timeline;

namespace Bench.Functions.Tests.Sinks;

/// <summary>
/// The writer thread between the analysis and a real DuckDB sink: rows arrive in the order given with the
/// values given, a failure of the sink comes back to the caller instead of hanging it, and an abandoned
/// writer stores nothing.
/// </summary>
public sealed class BackgroundResultWriterTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new();

    private string DatabasePath => _dir.File("results.duckdb");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TimelinesArriveInTheOrderWrittenWithTheirValues()
    {
        var result = await SomeResultAsync();
        using (var sink = DuckDbResultSink.Open(DatabasePath))
        using (var writer = new BackgroundResultWriter(sink.Begin(new ResultTarget("/x/job_5.h5", "job_5.h5", null))))
        {
            // More timelines than the queue holds, so Write has to wait for the writer thread.
            for (var n = 0; n < 5; n++)
            {
                writer.Write(Timeline($"cn{n}", start: 1000 + (n * 10), watts: 100 * (n + 1), rows: 3));
            }

            writer.Commit(result, new ResultProvenance(null, null, DateTimeOffset.UnixEpoch));
        }

        using var file = DuckDbFile.Open(DatabasePath, DuckDbFileOptions.ReadOnly);
        var rows = file.Query("SELECT node, epoch_s, power_w, cpu_utilization_pct FROM job_job_5 ORDER BY rowid").Rows;

        // cn0 at 100 W from t=1000, cn1 at 200 W from t=1010, ... three rows each, one second apart.
        var expected = Enumerable.Range(0, 5).SelectMany(n => Enumerable.Range(0, 3).Select(i => (Node: $"cn{n}", Epoch: 1000L + (n * 10) + i, Watts: 100.0 * (n + 1)))).ToList();
        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected[i].Node, rows[i][0]);
            Assert.Equal(expected[i].Epoch, Convert.ToInt64(rows[i][1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(expected[i].Watts, (double)rows[i][2]!);
            Assert.Null(rows[i][3]); // NaN in the timeline is NULL in the table
        }
    }

    [Fact]
    public async Task AFailingSinkFailsTheCallerInsteadOfHangingIt()
    {
        var result = await SomeResultAsync();
        using var sink = DuckDbResultSink.Open(DatabasePath);

        // A job whose timeline is a file's table takes no rows: DuckDB's writer refuses each one.
        using var writer = new BackgroundResultWriter(sink.BeginJob(new JobResultTarget("77", "77", null, ["/x/job_77.h5"], SharedTimelineTable: "job_job_77")));
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => Task.Run(() =>
        {
            // The first timelines are queued before the writer thread fails; a later Write or the commit reports it.
            for (var n = 0; n < 10; n++)
            {
                writer.Write(Timeline($"cn{n}", start: 1000, watts: 100, rows: 2));
            }

            writer.Commit(result, new ResultProvenance(null, null, DateTimeOffset.UnixEpoch));
        }).WaitAsync(Patience));

        Assert.Contains("job_job_77", failure.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => writer.Commit(result, new ResultProvenance(null, null, DateTimeOffset.UnixEpoch)));
    }

    [Fact]
    public void AnAbandonedWriterStoresNothing()
    {
        using (var sink = DuckDbResultSink.Open(DatabasePath))
        {
            using var writer = new BackgroundResultWriter(sink.Begin(new ResultTarget("/x/job_6.h5", "job_6.h5", null)));
            writer.Write(Timeline("cn0", start: 1000, watts: 100, rows: 50_000));
            writer.Write(Timeline("cn1", start: 1000, watts: 100, rows: 50_000));
        }

        using var file = DuckDbFile.Open(DatabasePath, DuckDbFileOptions.ReadOnly);
        var tables = file.Query("SELECT table_name FROM information_schema.tables ORDER BY table_name").Rows.Select(r => (string)r[0]!);
        Assert.Equal(["job_summaries", "slurm_jobs"], tables);
        Assert.Equal(0L, Convert.ToInt64(file.Query("SELECT count(*) FROM job_summaries").Rows.Single()[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A node at a constant power, one row per second from <paramref name="start"/>; every other column empty.</summary>
    private static NodeTimeline Timeline(string node, long start, double watts, int rows)
    {
        var timeline = new NodeTimeline(node, ["batch"], rows);
        for (var i = 0; i < rows; i++)
        {
            timeline.Epoch[i] = start + i;
            timeline.ElapsedS[i] = i;
            timeline.PowerW[i] = watts;
            timeline.EnergyJ[i] = watts * i;
        }

        return timeline;
    }

    /// <summary>A real analysis result to commit with (its figures are not what these tests look at).</summary>
    private async Task<AnalysisResult> SomeResultAsync()
    {
        Directory.CreateDirectory(_dir.File("m"));
        return await FileAnalysis.RunAsync(TwoNodeJob.WriteMergedFile(_dir.File("m")), TariffSources.None);
    }
}
