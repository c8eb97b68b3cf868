using System.Text.Json.Serialization;

namespace Bench.Pipeline.Perf;

/// <summary>
/// A job's performance counters set against its energy: work per joule. Double precision when measured,
/// else single precision. GFLOP/s per W is GFLOP per J.
/// </summary>
/// <param name="DpMflops">Double-precision MFLOP/s of the job (all threads and files).</param>
/// <param name="SpMflops">Single-precision MFLOP/s of the job.</param>
/// <param name="RuntimeS">The longest measured run time, s.</param>
/// <param name="GflopTotal">Work done at <paramref name="Precision"/>, GFLOP.</param>
/// <param name="GflopsPerW">GFLOP/s per W, i.e. GFLOP per J of <paramref name="EnergyBasis"/>.</param>
/// <param name="GflopPerKwh">GFLOP per kWh.</param>
/// <param name="Precision"><c>dp</c> or <c>sp</c>: which rate the efficiency uses; null when neither was measured.</param>
/// <param name="EnergyBasis">What energy it divides by: the whole job's, or only the nodes and time the counters cover.</param>
/// <remarks>The JSON names (snake_case) are the wire's: <c>analyze --json</c>, <c>slurm_jobs.perf</c> and the jobs API.</remarks>
public sealed record PerfEfficiency(
    [property: JsonPropertyName("dp_mflops")] double? DpMflops,
    [property: JsonPropertyName("sp_mflops")] double? SpMflops,
    [property: JsonPropertyName("runtime_s")] double? RuntimeS,
    [property: JsonPropertyName("gflop_total")] double? GflopTotal,
    [property: JsonPropertyName("gflops_per_w")] double? GflopsPerW,
    [property: JsonPropertyName("gflop_per_kwh")] double? GflopPerKwh,
    [property: JsonPropertyName("precision")] string? Precision,
    [property: JsonPropertyName("energy_basis")] string EnergyBasis)
{
    public const double JoulesPerKwh = 3.6e6;

    /// <summary>The energy basis when the efficiency divides by the whole job's energy.</summary>
    public const string JobEnergyBasis = "job";

    /// <summary>The energy basis when it divides by only the nodes and time the counters cover.</summary>
    public const string CoveredEnergyBasis = "covered";

    public static PerfEfficiency Compute(PerfCounters counters, double? energyJ, string energyBasis)
    {
        ArgumentNullException.ThrowIfNull(counters);
        var (gflop, precision) = counters.DpGflop is { } dp ? (dp, "dp")
            : counters.SpGflop is { } sp ? (sp, "sp")
            : ((double?)null, (string?)null);
        double? perJoule = gflop is { } g && energyJ is > 0 ? g / energyJ.Value : null;
        return new PerfEfficiency(
            counters.DpMflops,
            counters.SpMflops,
            counters.RuntimeS,
            gflop,
            perJoule,
            perJoule * JoulesPerKwh,
            precision,
            energyBasis);
    }
}
