using Bench.Pipeline.Sinks;
using Bench.Pipeline.Sinks.DuckDb;
using Bench.Pipeline.Timeline;

namespace Bench.Functions.Tests.Sinks;

/// <summary>Compares a row read back from a timeline table with the in-memory timeline it came from.</summary>
internal static class TimelineRowAssert
{
    /// <summary>Asserts row <paramref name="r"/> (columns in schema order) equals row <paramref name="i"/> of <paramref name="t"/>; returns its NULLs.</summary>
    public static int Equal(NodeTimeline t, int i, DuckDbRows rows, int r)
    {
        Assert.Equal(t.StepAt(i), (string?)rows[r, 0]);
        Assert.Equal(t.Node, (string?)rows[r, 1]);
        Assert.Equal(t.Epoch[i], (long)rows[r, 2]!);
        var nulls = 0;
        var doubles = ResultRows.TimelineDoubles(t);
        for (var c = 0; c < doubles.Length; c++)
        {
            if (double.IsNaN(doubles[c][i]))
            {
                Assert.True(rows[r, c + 3] is null, $"{ResultSchema.TimelineColumns[c + 3].Name} row {r} should be NULL");
                nulls++;
            }
            else
            {
                Assert.Equal(doubles[c][i], (double)rows[r, c + 3]!);
            }
        }

        return nulls;
    }
}
