namespace Bench.Pipeline.Pricing.Smard;

/// <summary>Which SMARD blocks a time range needs, and how their rows become one step series.</summary>
internal static class SmardBlocks
{
    /// <summary>
    /// Indices [First, Last] of the blocks overlapping [fromMs, toMs): from the block containing fromMs through
    /// the last block starting before toMs (a zero-length range needs the block containing it). A block that
    /// starts exactly at toMs is not needed: no energy is spent at a single instant. Null when the range
    /// ends before the first block.
    /// </summary>
    public static (int First, int Last)? Select(long[] starts, long fromMs, long toMs)
    {
        var last = toMs > fromMs ? LastAtOrBefore(starts, toMs - 1) : LastAtOrBefore(starts, fromMs);
        if (last < 0)
        {
            return null;
        }

        var first = Math.Max(LastAtOrBefore(starts, fromMs), 0);
        return (first, last);
    }

    /// <summary>
    /// Merges block rows into points in Unix seconds. Each value covers one resolution step; where the next row
    /// starts later (a gap, or the end of the data), the series becomes missing rather than stretching the
    /// last value.
    /// </summary>
    public static TariffSeries ToSeries(IEnumerable<IReadOnlyList<(long Ms, double? Value)>> blocks, SmardResolution resolution)
    {
        var byTime = new SortedDictionary<long, double?>();
        foreach (var block in blocks)
        {
            foreach (var (ms, value) in block)
            {
                // Floor to seconds; SMARD times are whole quarter hours anyway.
                byTime[Math.DivRem(ms, 1000L) is var (q, r) && r < 0 ? q - 1 : q] = value;
            }
        }

        var step = resolution.StepSeconds();
        var points = new List<TariffPoint>(byTime.Count + 1);
        using var rows = byTime.GetEnumerator();
        var hasRow = rows.MoveNext();
        while (hasRow)
        {
            var (time, value) = rows.Current;
            points.Add(new TariffPoint(time, value));
            hasRow = rows.MoveNext();
            var end = time + step;
            if ((!hasRow || rows.Current.Key > end) && value is not null)
            {
                points.Add(new TariffPoint(end, null));
            }
        }

        return new TariffSeries(points);
    }

    private static int LastAtOrBefore(long[] starts, long ms)
    {
        var i = Array.BinarySearch(starts, ms);
        return i >= 0 ? i : ~i - 1;
    }
}
