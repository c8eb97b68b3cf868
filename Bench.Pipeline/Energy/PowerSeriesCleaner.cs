using Bench.Pipeline.Slurm;

namespace Bench.Pipeline.Energy;

/// <summary>
/// Drops rows no physical node produces: bad EpochTime, duplicate or backwards times, absurd power.
/// </summary>
public static class PowerSeriesCleaner
{
    /// <summary>No compute node draws 100 kW; such a reading is a sensor or encoding fault.</summary>
    public const double MaxNodePowerW = 100_000;

    /// <summary>Returns null when the series has no power field.</summary>
    public static CleanPowerSeries? Clean(string step, EnergySeries series)
    {
        var selection = PowerSelection.Select(series.Powers);
        if (selection is null)
        {
            return null;
        }

        var n = series.Length;
        var dropped = new DropCounts();
        var time = new long[n];
        var total = new double[n];
        var components = selection.ComponentColumns.Select(_ => new double[n]).ToArray();
        double counter = 0;
        var kept = 0;
        var times = new MonotonicTimes();

        for (var i = 0; i < n; i++)
        {
            if (!RowPowerIsPlausible(series.Powers, i))
            {
                dropped.AbsurdPower++;
                continue;
            }

            // The hardware counter counts energy even when the row's clock is wrong.
            if (series.EnergyJ is { } energy && double.IsFinite(energy[i]) && energy[i] >= 0)
            {
                counter += energy[i];
            }

            var t = series.EpochTime[i];
            switch (times.Offer(t))
            {
                case MonotonicTimes.Verdict.BadTime:
                    dropped.BadTime++;
                    continue;
                case MonotonicTimes.Verdict.Duplicate:
                    dropped.Duplicate++;
                    continue;
                case MonotonicTimes.Verdict.Backwards:
                    dropped.Backwards++;
                    continue;
                case MonotonicTimes.Verdict.KeepReplacingLast:
                    dropped.Backwards++; // the previous row jumped ahead: it is the one out of order
                    kept--;
                    break;
            }

            time[kept] = t;
            double sum = 0;
            foreach (var c in selection.TotalColumns)
            {
                sum += series.Powers[c].Watts[i];
            }

            total[kept] = sum;
            for (var c = 0; c < components.Length; c++)
            {
                components[c][kept] = series.Powers[selection.ComponentColumns[c]].Watts[i];
            }

            kept++;
        }

        return new CleanPowerSeries
        {
            Step = step,
            Time = Trim(time, kept),
            TotalW = Trim(total, kept),
            ComponentW = components.Select(c => Trim(c, kept)).ToArray(),
            ComponentLabels = selection.ComponentColumns.Select(c => selection.Labels[c]).ToArray(),
            CounterEnergyJ = series.EnergyJ is null ? null : counter,
            Selection = selection,
            Dropped = dropped,
        };
    }

    private static bool RowPowerIsPlausible(IReadOnlyList<PowerColumn> powers, int row)
    {
        foreach (var column in powers)
        {
            var w = column.Watts[row];
            if (!double.IsFinite(w) || w < 0 || w > MaxNodePowerW)
            {
                return false;
            }
        }

        return true;
    }

    private static T[] Trim<T>(T[] array, int length)
    {
        if (array.Length == length)
        {
            return array;
        }

        Array.Resize(ref array, length);
        return array;
    }
}
