using Bench.Pipeline.Slurm;

namespace Bench.Pipeline.Timeline;

/// <summary>How a Lustre (Filesystem) series counts, which Slurm changed between versions.</summary>
public enum FilesystemCounting
{
    /// <summary>No field decreases and the first interval looks like the others: cumulative since the step's first read (25.11 on).</summary>
    CumulativeSinceStart,

    /// <summary>
    /// No field decreases but the first row is 0 and the jump to the second row dwarfs every later interval:
    /// raw counters since the last Lustre stats reset (18.08.6-25.05); the first interval is unknown.
    /// </summary>
    RawCounters,

    /// <summary>Some field decreases: amounts per interval (16.05.4-18.08.5).</summary>
    PerInterval,
}

/// <summary>
/// Decides from the data how Filesystem and Network series count (SLURM_PROFILES.md, "What Slurm's source
/// says"), since the files do not say which Slurm version wrote them. docs/analysis.md states the rules.
/// </summary>
public static class IoCounting
{
    /// <summary>The first interval of a raw-counter series is this many times larger than any later one, at least.</summary>
    public const double RawCounterJumpFactor = 10;

    /// <summary>
    /// Fewer bytes per packet than this is no real packet (headers alone are larger): the sysfs plugin's
    /// swapped fields, where InMB x 2^20 / PacketsIn is 16 / (bytes per packet).
    /// </summary>
    public const double MinBytesPerPacket = 4;

    /// <summary>Monotone non-decreasing in every field => counters (raw when the first jump dwarfs the rest); else per interval.</summary>
    public static FilesystemCounting Detect(FilesystemSeries fs, int[] rows)
    {
        double[]?[] fields = [fs.Reads, fs.ReadMB, fs.Writes, fs.WriteMB];
        var present = fields.OfType<double[]>().ToArray();
        if (present.Any(f => Decreases(f, rows)))
        {
            return FilesystemCounting.PerInterval;
        }

        return rows.Length >= 3 && present.Any(f => FirstJumpDwarfsTheRest(f, rows))
            ? FilesystemCounting.RawCounters
            : FilesystemCounting.CumulativeSinceStart;
    }

    /// <summary>
    /// True when the series holds the sysfs plugin's swapped contents (PacketsIn/Out = bytes, InMB/OutMB =
    /// packets / 65536) rather than ofed's (packets, MiB): decided from the bytes per packet the fields imply.
    /// </summary>
    public static bool IsSwapped(NetworkSeries net, int[] rows)
    {
        double packets = Sum(net.PacketsIn, rows) + Sum(net.PacketsOut, rows);
        double megabytes = Sum(net.InMB, rows) + Sum(net.OutMB, rows);
        return packets > 0 && megabytes > 0 && megabytes * 1_048_576 / packets < MinBytesPerPacket;
    }

    /// <summary>The series in ofed's meaning: MiB in InMB/OutMB, packets in PacketsIn/Out.</summary>
    public static NetworkSeries Unswap(NetworkSeries net) => new()
    {
        EpochTime = net.EpochTime,
        InMB = Scale(net.PacketsIn, 1.0 / 1_048_576),
        OutMB = Scale(net.PacketsOut, 1.0 / 1_048_576),
        PacketsIn = Scale(net.InMB, 65_536),
        PacketsOut = Scale(net.OutMB, 65_536),
    };

    private static bool Decreases(double[] values, int[] rows)
    {
        for (var k = 1; k < rows.Length; k++)
        {
            if (values[rows[k]] < values[rows[k - 1]])
            {
                return true;
            }
        }

        return false;
    }

    private static bool FirstJumpDwarfsTheRest(double[] values, int[] rows)
    {
        if (values[rows[0]] != 0)
        {
            return false;
        }

        var first = values[rows[1]] - values[rows[0]];
        var largestLater = 0.0;
        for (var k = 2; k < rows.Length; k++)
        {
            largestLater = Math.Max(largestLater, values[rows[k]] - values[rows[k - 1]]);
        }

        return first > 0 && first > RawCounterJumpFactor * largestLater;
    }

    private static double Sum(double[]? values, int[] rows)
    {
        if (values is null)
        {
            return 0;
        }

        double sum = 0;
        foreach (var r in rows)
        {
            if (double.IsFinite(values[r]) && values[r] > 0)
            {
                sum += values[r];
            }
        }

        return sum;
    }

    private static double[]? Scale(double[]? values, double factor) => values?.Select(v => v * factor).ToArray();
}
