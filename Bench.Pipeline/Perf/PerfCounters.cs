namespace Bench.Pipeline.Perf;

/// <summary>
/// The figures Bench takes from a benchmark's own counters: floating-point rates and work, run time and
/// memory bandwidth, added over hardware threads (and over files with <see cref="Combine"/>).
/// </summary>
/// <param name="DpMflops">Double-precision MFLOP/s, the sum over threads; null when no group measured it.</param>
/// <param name="SpMflops">Single-precision MFLOP/s, the sum over threads.</param>
/// <param name="DpGflop">Double-precision work done: per thread MFLOP/s x its run time, added, in GFLOP.</param>
/// <param name="SpGflop">Single-precision work done, in GFLOP.</param>
/// <param name="RuntimeS">The longest thread's <c>Runtime (RDTSC) [s]</c>.</param>
/// <param name="MemoryBandwidthMBytesPerS">The sum over threads of <c>Memory bandwidth [MBytes/s]</c>.</param>
/// <param name="HardwareThreads">Threads (columns) the figures cover.</param>
/// <param name="Notes">How the figures were taken where it is not the plain case.</param>
public sealed record PerfCounters(
    double? DpMflops,
    double? SpMflops,
    double? DpGflop,
    double? SpGflop,
    double? RuntimeS,
    double? MemoryBandwidthMBytesPerS,
    int HardwareThreads,
    IReadOnlyList<string> Notes)
{
    /// <summary>Counters of several files of one job (one per node or task): rates and work add up, run time is the maximum.</summary>
    public static PerfCounters Combine(IReadOnlyList<PerfCounters> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 1)
        {
            return parts[0];
        }

        return new PerfCounters(
            Sum(parts, p => p.DpMflops),
            Sum(parts, p => p.SpMflops),
            Sum(parts, p => p.DpGflop),
            Sum(parts, p => p.SpGflop),
            parts.Select(p => p.RuntimeS).Where(r => r is not null).DefaultIfEmpty().Max(),
            Sum(parts, p => p.MemoryBandwidthMBytesPerS),
            parts.Sum(p => p.HardwareThreads),
            [.. parts.SelectMany(p => p.Notes)]);
    }

    private static double? Sum(IReadOnlyList<PerfCounters> parts, Func<PerfCounters, double?> value)
    {
        double? total = null;
        foreach (var part in parts)
        {
            if (value(part) is { } v)
            {
                total = (total ?? 0) + v;
            }
        }

        return total;
    }
}
