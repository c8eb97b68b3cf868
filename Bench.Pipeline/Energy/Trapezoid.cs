namespace Bench.Pipeline.Energy;

/// <summary>Energy as the trapezoid integral of power over EpochTime.</summary>
public static class Trapezoid
{
    /// <summary>Joules; segments touching a NaN sample are skipped.</summary>
    public static double Integrate(ReadOnlySpan<long> time, ReadOnlySpan<double> watts)
    {
        double joules = 0;
        for (var i = 1; i < time.Length; i++)
        {
            var segment = Segment(time[i - 1], watts[i - 1], time[i], watts[i]);
            if (!double.IsNaN(segment))
            {
                joules += segment;
            }
        }

        return joules;
    }

    public static double Segment(long t0, double w0, long t1, double w1) => (w0 + w1) * 0.5 * (t1 - t0);

    /// <summary>Cumulative joules at each sample (0 at the first).</summary>
    public static double[] Cumulative(ReadOnlySpan<long> time, ReadOnlySpan<double> watts)
    {
        var result = new double[time.Length];
        double joules = 0;
        for (var i = 1; i < time.Length; i++)
        {
            var segment = Segment(time[i - 1], watts[i - 1], time[i], watts[i]);
            if (!double.IsNaN(segment))
            {
                joules += segment;
            }

            result[i] = joules;
        }

        return result;
    }
}
