namespace Bench.Pipeline.Timeline;

/// <summary>
/// Reads sampled series at the timeline's times, only inside each series' own range, and sums them (a
/// node's tasks) at those times without visiting every timeline row
/// per series: each series interval adds its value, or its line a + b*t, to a difference array over the
/// timeline rows it covers, and one prefix sum per column gives every row's total. Cost per series is
/// its own sample count (plus a binary search each), not the timeline's length.
/// </summary>
public sealed class IntervalSums
{
    private readonly long[] _times;
    private readonly long _origin;
    private readonly double[] _a;
    private readonly double[] _b;
    private readonly int[] _count;

    /// <param name="times">The timeline's times, strictly increasing.</param>
    public IntervalSums(long[] times)
    {
        _times = times;
        _origin = times.Length > 0 ? times[0] : 0; // lines are kept relative to it, so a + b*t keeps its precision
        _a = new double[times.Length + 1];
        _b = new double[times.Length + 1];
        _count = new int[times.Length + 1];
    }

    /// <summary>Forgets every series added, to sum another column over the same timeline.</summary>
    public void Clear()
    {
        Array.Clear(_a);
        Array.Clear(_b);
        Array.Clear(_count);
    }

    /// <summary>Adds one series' column, read as <paramref name="kind"/>, over the timeline rows inside its range.</summary>
    public void Add(ReadOnlySpan<long> seriesTime, ReadOnlySpan<int> rows, double[]? values, SampleKind kind)
    {
        if (values is null || rows.Length == 0)
        {
            return;
        }

        // First timeline row at or after the series' first time: a point that only Current and
        // IntervalAverage can fill (the first interval has no known start).
        var from = LowerBound(seriesTime[rows[0]]);
        var end = UpperBound(seriesTime[rows[0]]);
        if (kind is SampleKind.Current or SampleKind.IntervalAverage)
        {
            AddRange(from, end, values[rows[0]], 0);
        }

        for (var k = 1; k < rows.Length; k++)
        {
            var t0 = seriesTime[rows[k - 1]];
            var t1 = seriesTime[rows[k]];
            from = end;
            end = UpperBound(t1, from);
            if (from >= end)
            {
                continue;
            }

            var v0 = values[rows[k - 1]];
            var v1 = values[rows[k]];
            switch (kind)
            {
                case SampleKind.Current:
                    var slope = (v1 - v0) / (t1 - t0);
                    AddRange(from, end, v0 - (slope * (t0 - _origin)), slope);
                    break;
                case SampleKind.IntervalAverage:
                    AddRange(from, end, v1, 0);
                    break;
                case SampleKind.IntervalAmount:
                    AddRange(from, end, v1 / (t1 - t0), 0);
                    break;
                case SampleKind.Cumulative:
                    if (v1 - v0 >= 0)
                    {
                        AddRange(from, end, (v1 - v0) / (t1 - t0), 0); // a negative difference is a counter reset
                    }

                    break;
            }
        }
    }

    /// <summary>Writes each row's sum (or mean, when <paramref name="mean"/>) into <paramref name="target"/>; NaN where no series covered the row.</summary>
    public void WriteTo(double[] target, bool mean = false)
    {
        double a = 0, b = 0;
        var count = 0;
        for (var i = 0; i < _times.Length; i++)
        {
            a += _a[i];
            b += _b[i];
            count += _count[i];
            if (count == 0)
            {
                target[i] = double.NaN;
                continue;
            }

            var sum = a + (b * (_times[i] - _origin));
            target[i] = mean ? sum / count : sum;
        }
    }

    /// <summary>Writes each row's sum into <paramref name="target"/> only where the target has no value yet (NaN).</summary>
    public void FillEmpty(double[] target)
    {
        double a = 0, b = 0;
        var count = 0;
        for (var i = 0; i < _times.Length; i++)
        {
            a += _a[i];
            b += _b[i];
            count += _count[i];
            if (count > 0 && double.IsNaN(target[i]))
            {
                target[i] = a + (b * (_times[i] - _origin));
            }
        }
    }

    private void AddRange(int from, int end, double a, double b)
    {
        if (from >= end || !double.IsFinite(a) || !double.IsFinite(b))
        {
            return;
        }

        _a[from] += a;
        _a[end] -= a;
        _b[from] += b;
        _b[end] -= b;
        _count[from]++;
        _count[end]--;
    }

    private int LowerBound(long value)
    {
        int lo = 0, hi = _times.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_times[mid] < value) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }

    // First row with time > value, searching from 'from' on. Series intervals move forward a few rows at a
    // time, so the search gallops from 'from' (1, 2, 4, ... rows) before bisecting the last step.
    private int UpperBound(long value, int from = 0)
    {
        int lo = from, hi = from, step = 1;
        while (hi < _times.Length && _times[hi] <= value)
        {
            lo = hi + 1;
            hi += step;
            step <<= 1;
        }

        hi = Math.Min(hi, _times.Length);
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_times[mid] <= value) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }
}
