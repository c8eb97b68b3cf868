namespace Bench.Pipeline.Energy;

/// <summary>
/// The summed power of several nodes at common instants, so a job's peak is the peak of the sum, not
/// the sum of peaks. Nodes sample at their own times; each is interpolated linearly (inside its own
/// range only) at every multiple of <see cref="ResolutionS"/> seconds. Memory is bounded: past
/// <see cref="MaxInstants"/> instants the resolution doubles (a job longer than ~24 days at 1 s).
/// </summary>
public sealed class PowerGrid
{
    public const int MaxInstants = 1 << 21;

    private double[] _sum = [];
    private long _firstIndex; // absolute instant index: time = index * ResolutionS

    public int ResolutionS { get; private set; } = 1;

    public bool IsEmpty => _sum.Length == 0;

    /// <summary>Adds one node's (or step's) power, given at strictly increasing times.</summary>
    public void Add(ReadOnlySpan<long> time, ReadOnlySpan<double> watts)
    {
        if (time.Length == 0)
        {
            return;
        }

        EnsureCovers(time[0], time[^1]);
        var r = ResolutionS;
        var k = CeilDiv(time[0], r);
        var lastK = FloorDiv(time[^1], r);
        var seg = 0;
        for (; k <= lastK; k++)
        {
            var t = k * r;
            while (seg < time.Length - 1 && time[seg + 1] < t)
            {
                seg++;
            }

            double w;
            if (time[seg] == t || seg == time.Length - 1)
            {
                w = watts[seg];
            }
            else
            {
                var t0 = time[seg];
                var t1 = time[seg + 1];
                w = watts[seg] + ((watts[seg + 1] - watts[seg]) * (t - t0) / (t1 - t0));
            }

            _sum[k - _firstIndex] += w;
        }
    }

    /// <summary>The highest summed power and the Unix time it occurred (earliest on ties).</summary>
    public (double Watts, long Time) Peak()
    {
        var best = double.NegativeInfinity;
        var at = -1;
        for (var i = 0; i < _sum.Length; i++)
        {
            if (_sum[i] > best)
            {
                best = _sum[i];
                at = i;
            }
        }

        return at < 0 ? (0, 0) : (best, (_firstIndex + at) * ResolutionS);
    }

    private void EnsureCovers(long from, long to)
    {
        while (true)
        {
            var r = ResolutionS;
            var first = _sum.Length == 0 ? FloorDiv(from, r) : Math.Min(_firstIndex, FloorDiv(from, r));
            var last = _sum.Length == 0 ? CeilDiv(to, r) : Math.Max(_firstIndex + _sum.Length - 1, CeilDiv(to, r));
            var length = last - first + 1;
            if (length > MaxInstants)
            {
                Coarsen();
                continue;
            }

            if (first != _firstIndex || length != _sum.Length)
            {
                var grown = new double[length];
                if (_sum.Length > 0)
                {
                    Array.Copy(_sum, 0, grown, _firstIndex - first, _sum.Length);
                }

                _sum = grown;
                _firstIndex = first;
            }

            return;
        }
    }

    // Keeps only the instants that are multiples of the doubled resolution, so every value stays an
    // exact sum at one instant.
    private void Coarsen()
    {
        ResolutionS *= 2;
        if (_sum.Length == 0)
        {
            return;
        }

        var first = CeilDiv(_firstIndex, 2);
        var last = FloorDiv(_firstIndex + _sum.Length - 1, 2);
        var kept = new double[Math.Max(0, last - first + 1)];
        for (var k = first; k <= last; k++)
        {
            kept[k - first] = _sum[(2 * k) - _firstIndex];
        }

        _sum = kept;
        _firstIndex = first;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private static long CeilDiv(long a, long b) => -FloorDiv(-a, b);
}
