namespace Bench.Pipeline.Pricing;

/// <summary>
/// Integrates piecewise-linear power against a <see cref="TariffSeries"/>: each segment's energy is split at the
/// tariff's step boundaries and every part is charged at the value in force at its start. Not thread-safe; keep
/// one per node, step or job (the series itself can be shared).
/// </summary>
public sealed class TariffAccumulator
{
    private readonly TariffSeries _series;
    private readonly double _joulesPerUnit;
    private int _cursor = -1;

    /// <summary>An accumulator whose values are per <paramref name="quantity"/>'s energy unit.</summary>
    public TariffAccumulator(TariffSeries series, TariffQuantity quantity)
        : this(series, (quantity ?? throw new ArgumentNullException(nameof(quantity))).JoulesPerUnit)
    {
    }

    /// <summary>An accumulator whose values are amounts per <paramref name="joulesPerUnit"/> joules.</summary>
    public TariffAccumulator(TariffSeries series, double joulesPerUnit)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (!double.IsFinite(joulesPerUnit) || joulesPerUnit <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(joulesPerUnit), joulesPerUnit, "must be a positive number of joules");
        }

        _series = series;
        _joulesPerUnit = joulesPerUnit;
    }

    /// <summary>Amount so far (EUR for a price, gCO2 for a carbon intensity), over the covered energy only.</summary>
    public double Total { get; private set; }

    /// <summary>Energy so far (J) in periods where a value was in force.</summary>
    public double CoveredJoules { get; private set; }

    /// <summary>Energy so far (J) in periods where the value was missing (before the first point or null).</summary>
    public double UncoveredJoules { get; private set; }

    /// <summary>The running totals, e.g. to write a cumulative figure after each sample.</summary>
    public TariffTotals Totals => new(Total, CoveredJoules, UncoveredJoules);

    /// <summary>
    /// Adds the trapezoid of power rising linearly from <paramref name="w0"/> W at <paramref name="t0"/> to
    /// <paramref name="w1"/> W at <paramref name="t1"/> (Unix seconds); energy (w0+w1)/2*(t1-t0) J. Returns the
    /// amount this segment added to <see cref="Total"/>. O(1) amortised when segments come in ascending time;
    /// a segment that goes back in time costs a binary search.
    /// </summary>
    /// <exception cref="ArgumentException">t1 is before t0, or a power is NaN or infinite.</exception>
    public double AddSegment(long t0, double w0, long t1, double w1)
    {
        if (t1 < t0)
        {
            throw new ArgumentException($"Power segment ends at {t1}, before it starts at {t0}.", nameof(t1));
        }

        if (!double.IsFinite(w0) || !double.IsFinite(w1))
        {
            throw new ArgumentException($"Power segment {t0}..{t1} has a non-finite power ({w0} W, {w1} W).", nameof(w0));
        }

        if (t1 == t0)
        {
            return 0;
        }

        var index = _series.IndexAt(t0, _cursor);
        var duration = (double)(t1 - t0);
        var added = 0.0;
        var a = t0;
        var wa = w0;
        while (true)
        {
            var b = Math.Min(_series.NextStart(index), t1);
            // Power at b on the segment's line; exact at the segment's end.
            var wb = b == t1 ? w1 : w0 + ((w1 - w0) * ((b - t0) / duration));
            var joules = (wa + wb) * 0.5 * (b - a);
            if (_series.ValueOf(index) is { } value)
            {
                var amount = joules * value / _joulesPerUnit;
                CoveredJoules += joules;
                Total += amount;
                added += amount;
            }
            else
            {
                UncoveredJoules += joules;
            }

            if (b == t1)
            {
                break;
            }

            a = b;
            wa = wb;
            index++;
        }

        _cursor = index;
        return added;
    }
}
