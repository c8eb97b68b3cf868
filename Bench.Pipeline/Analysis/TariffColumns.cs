using Bench.Pipeline.Energy;
using Bench.Pipeline.Pricing;

namespace Bench.Pipeline.Analysis;

/// <summary>Integrates a tariff over a node's merged power, filling the timeline's columns on the way.</summary>
internal static class TariffColumns
{
    /// <summary>
    /// Optionally fills <c>valueInForce</c> (the tariff at each sample, NaN where missing) and
    /// <c>cumulative</c> (the running total at each sample).
    /// </summary>
    public static TariffTotals Integrate(
        long[] time,
        double[] watts,
        TariffSeries series,
        TariffQuantity quantity,
        double[]? valueInForce = null,
        double[]? cumulative = null)
    {
        var accumulator = new TariffAccumulator(series, quantity);
        for (var i = 0; i < time.Length; i++)
        {
            if (i > 0)
            {
                accumulator.AddSegment(time[i - 1], watts[i - 1], time[i], watts[i]);
            }

            if (valueInForce is not null)
            {
                valueInForce[i] = series.ValueAt(time[i]) ?? double.NaN;
            }

            if (cumulative is not null)
            {
                cumulative[i] = accumulator.Total;
            }
        }

        return accumulator.Totals;
    }

    public static TariffTotals Integrate(CleanPowerSeries series, TariffSeries tariff, TariffQuantity quantity) =>
        Integrate(series.Time, series.TotalW, tariff, quantity);
}
