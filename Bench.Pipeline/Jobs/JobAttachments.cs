using Bench.Pipeline.Perf;

namespace Bench.Pipeline.Jobs;

/// <summary>
/// What a Slurm job carries besides its profiles: the benchmark it ran and its performance counters
/// (every counter file of the job, already combined with <see cref="PerfCounters.Combine"/>).
/// </summary>
/// <param name="Benchmark">The benchmark's name, or null when unknown.</param>
/// <param name="Perf">The job's counters, or null when it has none.</param>
public sealed record JobAttachments(string? Benchmark, PerfCounters? Perf)
{
    /// <summary>Neither a benchmark nor counters.</summary>
    public static JobAttachments None { get; } = new(null, null);

    /// <summary>The counters set against the job's energy (<see cref="PerfEfficiency.JobEnergyBasis"/>), or null without counters.</summary>
    public PerfEfficiency? EfficiencyFor(double energyJ) =>
        Perf is null ? null : PerfEfficiency.Compute(Perf, energyJ, PerfEfficiency.JobEnergyBasis);
}
