namespace Bench.Pipeline.Slurm;

/// <summary>
/// Keeps the rows of a series whose EpochTime is plausible and strictly increasing. A single row whose time
/// jumps ahead (a corrupt sample) would otherwise make every later row look backwards; when a row goes
/// back but still follows the row before the last kept one, the last kept row was the spike and is dropped.
/// </summary>
public struct MonotonicTimes
{
    private long _last;
    private long _beforeLast;
    private int _kept;

    public MonotonicTimes()
    {
        _last = long.MinValue;
        _beforeLast = long.MinValue;
    }

    public enum Verdict
    {
        Keep,

        /// <summary>Keep this row and drop the last kept one, which jumped ahead.</summary>
        KeepReplacingLast,
        BadTime,
        Duplicate,
        Backwards,
    }

    public Verdict Offer(long t)
    {
        if (!EpochTimes.IsPlausible(t))
        {
            return Verdict.BadTime;
        }

        if (t == _last)
        {
            return Verdict.Duplicate;
        }

        if (t > _last)
        {
            _beforeLast = _last;
            _last = t;
            _kept++;
            return Verdict.Keep;
        }

        if (_kept >= 2 && t > _beforeLast)
        {
            _last = t;
            return Verdict.KeepReplacingLast;
        }

        return Verdict.Backwards;
    }

    /// <summary>Indices of the rows kept from <paramref name="time"/>.</summary>
    public static int[] Rows(ReadOnlySpan<long> time)
    {
        var filter = new MonotonicTimes();
        var rows = new int[time.Length];
        var count = 0;
        for (var i = 0; i < time.Length; i++)
        {
            switch (filter.Offer(time[i]))
            {
                case Verdict.Keep:
                    rows[count++] = i;
                    break;
                case Verdict.KeepReplacingLast:
                    rows[count - 1] = i;
                    break;
            }
        }

        Array.Resize(ref rows, count);
        return rows;
    }
}
