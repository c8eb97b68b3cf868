namespace Bench.Pipeline.Slurm.Sample;

/// <summary>
/// Deterministic node-wide signals: the same (seed, node, second) always gives the same watts, whichever
/// step samples it, as on a real node where every step reads the same sensor.
/// </summary>
internal sealed class SyntheticSignals
{
    private readonly ulong _seed;
    private readonly int _node;
    private readonly IReadOnlyList<(long Start, long End)> _load;
    private readonly long[] _phaseStart;
    private readonly double[] _phaseWatts;
    private readonly bool[] _phaseCompute;
    private readonly double _idleWatts;

    internal SyntheticSignals(ulong seed, int node, long jobStart, long jobEnd, IReadOnlyList<(long Start, long End)> load)
    {
        _seed = seed;
        _node = node;
        _load = load;
        _idleWatts = 110 + (20 * Unit(0xD1E, 0));
        var starts = new List<long>();
        var watts = new List<double>();
        var compute = new List<bool>();
        for (long t = jobStart, i = 0; t <= jobEnd; i++)
        {
            var isCompute = Unit(0xFA5E, i) >= 0.25;
            starts.Add(t);
            compute.Add(isCompute);
            watts.Add(isCompute ? 300 + (150 * Unit(0x10AD, i)) : 180 + (80 * Unit(0x10AD, i)));
            t += 300 + (long)(1500 * Unit(0x1E9, i));
        }

        _phaseStart = [.. starts];
        _phaseWatts = [.. watts];
        _phaseCompute = [.. compute];
    }

    /// <summary>True inside a step that runs the application.</summary>
    internal bool Busy(long t)
    {
        foreach (var (start, end) in _load)
        {
            if (t >= start && t <= end)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the application is computing (not communicating) at <paramref name="t"/>.</summary>
    internal bool Computing(long t) => Busy(t) && _phaseCompute[Phase(t)];

    /// <summary>Whole watts drawn by the node at second <paramref name="t"/>: ~120 W idle, 180-450 W under load.</summary>
    internal ulong NodeWatts(long t) => Round(Busy(t) ? _phaseWatts[Phase(t)] + (10 * Signed(0x90, t)) : _idleWatts + (4 * Signed(0x91, t)));

    /// <summary>One CPU socket's share of the node (ipmi Socket&lt;i&gt;Power).</summary>
    internal ulong SocketWatts(int socket, long t) => Round((0.36 * (NodeWatts(t) - 50.0)) + (3 * Signed(0x50C + (ulong)socket, t)));

    /// <summary>One GPU: ~55 W idle, 200-320 W busy.</summary>
    internal ulong GpuWatts(int gpu, long t) =>
        Round(Busy(t) ? 200 + (0.8 * (_phaseWatts[Phase(t)] - 300)) + (12 * Signed(0x6B0 + (ulong)gpu, t)) : 55 + (3 * Signed(0x6B1 + (ulong)gpu, t)));

    /// <summary>Uniform in [0, 1) for (seed, node, stream, i).</summary>
    internal double Unit(ulong stream, long i) => (Mix(_seed, (ulong)_node, stream, (ulong)i) >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [-1, 1).</summary>
    internal double Signed(ulong stream, long i) => (2 * Unit(stream, i)) - 1;

    private int Phase(long t)
    {
        var at = Array.BinarySearch(_phaseStart, t);
        return Math.Max(0, at >= 0 ? at : ~at - 1);
    }

    private static ulong Round(double watts) => (ulong)Math.Max(0, Math.Round(watts));

    private static ulong Mix(ulong a, ulong b, ulong c, ulong d) => SplitMix(a ^ SplitMix(b ^ SplitMix(c ^ SplitMix(d))));

    private static ulong SplitMix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
