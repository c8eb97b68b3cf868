namespace Bench.Pipeline.Pricing;

/// <summary>
/// A step function over Unix seconds: the value in force at t is that of the last point whose start is &lt;= t;
/// null before the first point and wherever that point's value is missing. Immutable and safe to share.
/// </summary>
public sealed class TariffSeries
{
    private readonly long[] _starts;
    private readonly double[] _values;
    private readonly bool[] _present;

    /// <summary>Builds a series from points with strictly ascending starts and finite (or null) values.</summary>
    /// <exception cref="ArgumentException">Starts not strictly ascending, or a value is NaN or infinite.</exception>
    public TariffSeries(IEnumerable<TariffPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var list = points as IReadOnlyList<TariffPoint> ?? points.ToList();
        _starts = new long[list.Count];
        _values = new double[list.Count];
        _present = new bool[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            var p = list[i];
            if (i > 0 && p.StartEpochSeconds <= _starts[i - 1])
            {
                throw new ArgumentException(
                    $"Tariff points must have strictly ascending starts; point {i} starts at {p.StartEpochSeconds}, " +
                    $"not after the previous one at {_starts[i - 1]}.", nameof(points));
            }

            if (p.Value is { } v && !double.IsFinite(v))
            {
                throw new ArgumentException($"Tariff point {i} at {p.StartEpochSeconds} has a non-finite value {v}.", nameof(points));
            }

            _starts[i] = p.StartEpochSeconds;
            _values[i] = p.Value ?? 0;
            _present[i] = p.Value.HasValue;
        }
    }

    /// <summary>A series with no points: the value is missing everywhere.</summary>
    public static TariffSeries Empty { get; } = new([]);

    /// <summary>A series with the same value at all times.</summary>
    public static TariffSeries Fixed(double value) => new([new TariffPoint(long.MinValue, value)]);

    /// <summary>Number of points.</summary>
    public int Count => _starts.Length;

    /// <summary>The points in ascending order of start.</summary>
    public IEnumerable<TariffPoint> Points
    {
        get
        {
            for (var i = 0; i < _starts.Length; i++)
            {
                yield return this[i];
            }
        }
    }

    /// <summary>The i-th point.</summary>
    public TariffPoint this[int index] =>
        new(_starts[index], _present[index] ? _values[index] : null);

    /// <summary>The value in force at <paramref name="epochSeconds"/>, or null where none is known.</summary>
    public double? ValueAt(long epochSeconds) => ValueOf(IndexAt(epochSeconds));

    /// <summary>Index of the last point with start &lt;= t, or -1 when t is before the first point.</summary>
    public int IndexAt(long epochSeconds)
    {
        var i = Array.BinarySearch(_starts, epochSeconds);
        return i >= 0 ? i : ~i - 1;
    }

    /// <summary>
    /// Like <see cref="IndexAt(long)"/>, starting from a previous answer: O(1) when t moved forward by a few
    /// points, a binary search otherwise.
    /// </summary>
    internal int IndexAt(long epochSeconds, int hint)
    {
        if (hint < -1 || hint >= _starts.Length || (hint >= 0 && _starts[hint] > epochSeconds))
        {
            return IndexAt(epochSeconds);
        }

        // A short linear walk covers the usual case (the next segment starts in the same or the next step).
        for (var steps = 0; steps < 8; steps++)
        {
            if (hint + 1 >= _starts.Length || _starts[hint + 1] > epochSeconds)
            {
                return hint;
            }

            hint++;
        }

        return IndexAt(epochSeconds);
    }

    /// <summary>Start of point <paramref name="index"/> + 1, or long.MaxValue after the last point.</summary>
    internal long NextStart(int index) =>
        index + 1 < _starts.Length ? _starts[index + 1] : long.MaxValue;

    /// <summary>The value of point <paramref name="index"/> (null for -1 or a missing value).</summary>
    internal double? ValueOf(int index) =>
        index >= 0 && _present[index] ? _values[index] : null;
}
