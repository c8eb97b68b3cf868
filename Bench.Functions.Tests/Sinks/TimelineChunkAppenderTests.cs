using Bench.Functions.Tests.Hdf5;
using Bench.Pipeline.Sinks;
using Bench.Pipeline.Sinks.DuckDb;
using Bench.Pipeline.Timeline;

namespace Bench.Functions.Tests.Sinks;

/// <summary>
/// The data-chunk appender against DuckDB itself: rows across several 2,048-row chunks, NaN as NULL at
/// the edges of validity words and chunks, names longer than DuckDB's 12 inlined bytes and not ASCII.
/// </summary>
public sealed class TimelineChunkAppenderTests : IDisposable
{
    private const int Rows = 5000; // two full chunks and a partial one

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void EveryValueNullAndNameReadsBackAsWritten()
    {
        var first = Timeline("n\u00f6de-with-a-name-longer-than-twelve-bytes", ["batch", "0", "extern-step-with-a-long-name"], seed: 1);
        var second = Timeline("c01", ["batch"], seed: 2);
        using (var file = DuckDbFile.Open(_dir.File("chunks.duckdb")))
        {
            file.Execute(SqlDialect.DuckDb.CreateTable("t", ResultSchema.TimelineColumns));
            using var appender = new TimelineChunkAppender(file, "t");
            appender.Append(first);
            appender.Append(second);
            appender.Close();
        }

        using var read = DuckDbFile.Open(_dir.File("chunks.duckdb"), DuckDbFileOptions.ReadOnly);
        var rows = read.Query($"SELECT {SqlDialect.ColumnList(ResultSchema.TimelineColumns)} FROM t ORDER BY rowid");
        Assert.Equal(2 * Rows, rows.RowCount);
        var nulls = 0;
        for (var r = 0; r < rows.RowCount; r++)
        {
            var (t, i) = r < Rows ? (first, r) : (second, r - Rows);
            nulls += TimelineRowAssert.Equal(t, i, rows, r);
        }

        // Counted from the pattern below: every column but elapsed_s, power_w and energy_j is NaN at rows
        // divisible by 7 and at the chunk and validity-word edges, in both timelines.
        var edges = new[] { 0, 63, 64, 2047, 2048, 4095, 4096, Rows - 1 };
        var nanRows = Enumerable.Range(0, Rows).Count(i => i % 7 == 0 || edges.Contains(i));
        Assert.Equal(2 * nanRows * (ResultRows.TimelineDoubles(first).Length - 3), nulls);
    }

    [Fact]
    public void RowsAppendedInATransactionGoWithItsRollback()
    {
        using var file = DuckDbFile.Open(_dir.File("abandoned.duckdb"));
        file.Execute(SqlDialect.DuckDb.CreateTable("t", ResultSchema.TimelineColumns));
        using (var transaction = file.BeginTransaction())
        {
            using (var appender = new TimelineChunkAppender(file, "t"))
            {
                appender.Append(Timeline("c01", ["batch"], seed: 3));
            }

            Assert.Equal((long)Rows, (long)file.Query("SELECT count(*) FROM t")[0, 0]!);
        }

        Assert.Equal(0L, (long)file.Query("SELECT count(*) FROM t")[0, 0]!);
    }

    [Fact]
    public void AMissingTableIsAClearErrorNamingFileAndTable()
    {
        using var file = DuckDbFile.Open(_dir.File("missing.duckdb"));
        var e = Assert.Throws<DuckDbFileException>(() => new TimelineChunkAppender(file, "no_such_table"));
        Assert.Contains("no_such_table", e.Message, StringComparison.Ordinal);
        Assert.Contains("missing.duckdb", e.Message, StringComparison.Ordinal);
    }

    private static NodeTimeline Timeline(string node, string[] steps, int seed)
    {
        var random = new Random(seed);
        var t = new NodeTimeline(node, steps, Rows);
        var edges = new HashSet<int> { 0, 63, 64, 2047, 2048, 4095, 4096, Rows - 1 };
        for (var i = 0; i < Rows; i++)
        {
            t.StepIndex[i] = (i / 100) % steps.Length;
            t.Epoch[i] = 1_700_000_000 + i;
            t.ElapsedS[i] = i;
            t.PowerW[i] = 100 + random.NextDouble();
            t.EnergyJ[i] = i * 100.5;
        }

        var doubles = ResultRows.TimelineDoubles(t);
        for (var c = 3; c < doubles.Length; c++)
        {
            for (var i = 0; i < Rows; i++)
            {
                doubles[c][i] = i % 7 == 0 || edges.Contains(i) ? double.NaN : (c * 1e6) + i + random.NextDouble();
            }
        }

        return t;
    }
}
