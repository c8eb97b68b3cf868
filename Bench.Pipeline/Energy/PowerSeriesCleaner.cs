using Bench.Pipeline.Slurm;

namespace Bench.Pipeline.Energy;

/// <summary>
/// Drops rows no physical node produces (bad EpochTime, duplicate or backwards times, absurd power) and
/// reads what Slurm means (SLURM_PROFILES.md, "What Slurm's source says"): rapl's 0 W first row of a step is
/// its baseline, not a reading (the next reading's average holds from its time); ipmi's NO_VAL is one failed sensor value, not a bad row; a gpu-plugin series
/// of nothing but 0 W measured nothing.
/// </summary>
public static class PowerSeriesCleaner
{
    /// <summary>No compute node draws 100 kW; such a reading is a sensor or encoding fault.</summary>
    public const double MaxNodePowerW = 100_000;

    /// <summary>Slurm's NO_VAL (0xfffffffe): what ipmi (and gpu) write for a failed sensor reading.</summary>
    public const double NoVal = 4_294_967_294;

    /// <summary>Returns null when the series has no power field.</summary>
    public static CleanPowerSeries? Clean(string step, EnergySeries series)
    {
        var selection = PowerSelection.Select(series.Powers);
        if (selection is null)
        {
            return null;
        }

        var dropped = new DropCounts();
        var (rows, counter) = KeptRows(series, selection, dropped);
        var time = new long[rows.Length];
        for (var k = 0; k < rows.Length; k++)
        {
            time[k] = series.EpochTime[rows[k]];
        }

        // A failed value is dropped from its own column only: linear between its neighbours in that column is
        // exactly what integrating that column without the sample gives, so the other sensors keep the row.
        var columns = new double[series.Powers.Count][];
        for (var c = 0; c < columns.Length; c++)
        {
            columns[c] = ColumnWithoutFailed(series.Powers[c].Watts, rows, time);
        }

        if (selection.IsRapl && rows.Length > 0 && rows[0] == 0 && columns[0][0] == 0)
        {
            // rapl's first read of a step only sets its baseline (0 W). The next row's Power is the average since
            // that read, so the baseline's time starts that reading's interval: no dip, no half interval lost.
            dropped.Baseline++;
            if (rows.Length == 1)
            {
                (rows, time, columns[0]) = ([], [], []);
            }
            else
            {
                columns[0][0] = columns[0][1];
            }
        }

        var total = new double[rows.Length];
        for (var k = 0; k < rows.Length; k++)
        {
            foreach (var c in selection.TotalColumns)
            {
                total[k] += columns[c][k];
            }
        }

        // A total sensor that failed at the series' edge has no neighbour to interpolate from: drop those rows.
        var usable = new List<int>(rows.Length);
        for (var k = 0; k < rows.Length; k++)
        {
            if (!double.IsNaN(total[k]))
            {
                usable.Add(k);
            }
        }

        dropped.NoTotal = rows.Length - usable.Count;
        var measured = !(selection.IsGpuPlugin && usable.Count > 0 && selection.ComponentColumns.All(c => usable.TrueForAll(k => columns[c][k] == 0)));
        if (!measured)
        {
            usable.Clear();
        }

        return new CleanPowerSeries
        {
            Step = step,
            Time = Pick(time, usable),
            TotalW = Pick(total, usable),
            ComponentW = selection.ComponentColumns.Select(c => Pick(columns[c], usable)).ToArray(),
            ComponentLabels = selection.ComponentColumns.Select(c => selection.Labels[c]).ToArray(),
            CounterEnergyJ = series.EnergyJ is null ? null : counter,
            Selection = selection,
            Dropped = dropped,
            GpuPowerNotMeasured = !measured,
        };
    }

    /// <summary>Indices of the rows kept (time order, plausible power) and the xcc counter sum over plausible rows.</summary>
    private static (int[] Rows, double Counter) KeptRows(EnergySeries series, PowerSelection selection, DropCounts dropped)
    {
        var n = series.Length;
        var kept = new int[n];
        var count = 0;
        double counter = 0;
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

            switch (times.Offer(series.EpochTime[i]))
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
                    count--;
                    break;
            }

            kept[count++] = i;
        }

        Array.Resize(ref kept, count);
        CountFailed(series.Powers, kept, dropped);
        return (kept, counter);
    }

    /// <summary>A row is absurd when a value is negative, NaN or over the limit; NO_VAL is a failed reading, not absurd.</summary>
    private static bool RowPowerIsPlausible(IReadOnlyList<PowerColumn> powers, int row)
    {
        foreach (var column in powers)
        {
            var w = column.Watts[row];
            if (w != NoVal && (!double.IsFinite(w) || w < 0 || w > MaxNodePowerW))
            {
                return false;
            }
        }

        return true;
    }

    private static void CountFailed(IReadOnlyList<PowerColumn> powers, int[] rows, DropCounts dropped)
    {
        foreach (var column in powers)
        {
            foreach (var r in rows)
            {
                if (column.Watts[r] == NoVal)
                {
                    dropped.CountFailedReading(column.Label);
                }
            }
        }
    }

    // Most series lose no row here: hand the array over instead of copying it.
    private static T[] Pick<T>(T[] values, List<int> rows)
    {
        if (rows.Count == values.Length)
        {
            return values;
        }

        var picked = new T[rows.Count];
        for (var k = 0; k < picked.Length; k++)
        {
            picked[k] = values[rows[k]];
        }

        return picked;
    }

    /// <summary>The column at the kept rows, each NO_VAL replaced by the line between its valid neighbours (NaN at the edges).</summary>
    private static double[] ColumnWithoutFailed(double[] watts, int[] rows, long[] time)
    {
        var values = new double[rows.Length];
        for (var k = 0; k < rows.Length; k++)
        {
            values[k] = watts[rows[k]];
        }

        var previous = -1;
        for (var k = 0; k < values.Length; k++)
        {
            if (values[k] == NoVal)
            {
                continue;
            }

            for (var gap = previous + 1; gap < k; gap++)
            {
                values[gap] = previous < 0
                    ? double.NaN
                    : values[previous] + ((values[k] - values[previous]) * (time[gap] - time[previous]) / (time[k] - time[previous]));
            }

            previous = k;
        }

        for (var gap = previous + 1; gap < values.Length; gap++)
        {
            values[gap] = double.NaN;
        }

        return values;
    }
}
