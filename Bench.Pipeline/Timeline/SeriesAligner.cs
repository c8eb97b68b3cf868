using Bench.Pipeline.Slurm;

namespace Bench.Pipeline.Timeline;

/// <summary>
/// Reads sampled series at the timeline's times, only inside each series' own time range: one pass over
/// the timeline per series, filling every column of that series at once.
/// </summary>
public static class SeriesAligner
{
    /// <summary>How a column's values land in its target: added to what is there, or only where empty.</summary>
    public enum Merge
    {
        Sum,
        FillEmpty,
    }

    /// <summary>One column of a series and where its aligned values go (NaN in the target means empty).</summary>
    public readonly record struct Column(double[]? Values, SampleKind Kind, double[] Target, Merge Merge, int[]? Counts = null);

    /// <summary>Indices of rows with plausible, strictly increasing times (the same rule as power).</summary>
    public static int[] UsableRows(ReadOnlySpan<long> time) => MonotonicTimes.Rows(time);

    /// <summary>Aligns every column of one series (sharing <paramref name="seriesTime"/>) to <paramref name="timeline"/>.</summary>
    public static void Align(ReadOnlySpan<long> timeline, ReadOnlySpan<long> seriesTime, ReadOnlySpan<int> rows, ReadOnlySpan<Column> columns)
    {
        if (rows.Length == 0)
        {
            return;
        }

        var first = seriesTime[rows[0]];
        var last = seriesTime[rows[^1]];
        var i = LowerBound(timeline, first);
        var j = 0; // rows[j] is the last usable row with time <= t
        for (; i < timeline.Length; i++)
        {
            var t = timeline[i];
            if (t > last)
            {
                break;
            }

            while (j + 1 < rows.Length && seriesTime[rows[j + 1]] <= t)
            {
                j++;
            }

            var at = seriesTime[rows[j]] == t;
            var k = at ? j : j + 1; // the interval (t[k-1], t[k]] containing t
            foreach (var column in columns)
            {
                if (column.Values is not { } v)
                {
                    continue;
                }

                double value;
                switch (column.Kind)
                {
                    case SampleKind.Current:
                        value = at ? v[rows[j]] : Interpolate(t, seriesTime[rows[j]], v[rows[j]], seriesTime[rows[j + 1]], v[rows[j + 1]]);
                        break;
                    case SampleKind.IntervalAverage:
                        value = v[rows[k]];
                        break;
                    default:
                        if (k == 0)
                        {
                            continue; // the first row's interval has no known start
                        }

                        var amount = column.Kind == SampleKind.Cumulative ? v[rows[k]] - v[rows[k - 1]] : v[rows[k]];
                        if (amount < 0)
                        {
                            continue; // a counter reset
                        }

                        value = amount / (seriesTime[rows[k]] - seriesTime[rows[k - 1]]);
                        break;
                }

                if (!double.IsFinite(value))
                {
                    continue;
                }

                ref var target = ref column.Target[i];
                if (column.Merge == Merge.Sum)
                {
                    target = double.IsNaN(target) ? value : target + value;
                    if (column.Counts is { } counts)
                    {
                        counts[i]++;
                    }
                }
                else if (double.IsNaN(target))
                {
                    target = value;
                }
            }
        }
    }

    private static double Interpolate(long t, long t0, double v0, long t1, double v1) => v0 + ((v1 - v0) * (t - t0) / (t1 - t0));

    private static int LowerBound(ReadOnlySpan<long> sorted, long value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }
}
