using Bench.Pipeline.Slurm;
using Bench.Pipeline.Energy;

namespace Bench.Pipeline.Timeline;

/// <summary>
/// Reads a sampled series at the timeline's times, only inside the series' own time range.
/// </summary>
public static class SeriesAligner
{
    /// <summary>Indices of rows with plausible, strictly increasing times (the same rule as power).</summary>
    public static int[] UsableRows(ReadOnlySpan<long> time)
    {
        var rows = new List<int>(time.Length);
        var last = long.MinValue;
        for (var i = 0; i < time.Length; i++)
        {
            var t = time[i];
            if (EpochTimes.IsPlausible(t) && t > last)
            {
                rows.Add(i);
                last = t;
            }
        }

        return rows.ToArray();
    }

    /// <summary>
    /// Calls <paramref name="emit"/>(timelineRow, value) for every timeline time inside the series'
    /// range where the series has a value. <paramref name="rows"/> are the usable rows of the series.
    /// </summary>
    public static void Align(
        ReadOnlySpan<long> timeline,
        ReadOnlySpan<long> seriesTime,
        ReadOnlySpan<double> values,
        ReadOnlySpan<int> rows,
        SampleKind kind,
        Action<int, double> emit)
    {
        if (rows.Length == 0)
        {
            return;
        }

        var first = seriesTime[rows[0]];
        var last = seriesTime[rows[^1]];
        var j = 0; // position in rows: rows[j] is the last row with time <= t
        for (var i = 0; i < timeline.Length; i++)
        {
            var t = timeline[i];
            if (t < first)
            {
                continue;
            }

            if (t > last)
            {
                break;
            }

            while (j + 1 < rows.Length && seriesTime[rows[j + 1]] <= t)
            {
                j++;
            }

            var value = ValueAt(t, j, seriesTime, values, rows, kind);
            if (double.IsFinite(value))
            {
                emit(i, value);
            }
        }
    }

    private static double ValueAt(long t, int j, ReadOnlySpan<long> time, ReadOnlySpan<double> v, ReadOnlySpan<int> rows, SampleKind kind)
    {
        var at = time[rows[j]] == t;
        if (kind == SampleKind.Current)
        {
            if (at)
            {
                return v[rows[j]];
            }

            var t0 = time[rows[j]];
            var t1 = time[rows[j + 1]];
            return v[rows[j]] + ((v[rows[j + 1]] - v[rows[j]]) * (t - t0) / (t1 - t0));
        }

        // The interval (t[k-1], t[k]] that contains t.
        var k = at ? j : j + 1;
        if (kind == SampleKind.IntervalAverage)
        {
            return v[rows[k]];
        }

        if (k == 0)
        {
            return double.NaN; // the first row's interval has no known start
        }

        var dt = time[rows[k]] - time[rows[k - 1]];
        var amount = kind == SampleKind.Cumulative ? v[rows[k]] - v[rows[k - 1]] : v[rows[k]];
        return amount < 0 ? double.NaN : amount / dt; // a negative difference is a counter reset
    }
}
