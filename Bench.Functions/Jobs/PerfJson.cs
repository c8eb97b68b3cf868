using System.Text.Json;
using Bench.Pipeline.Perf;

namespace Bench.Functions.Jobs;

/// <summary>
/// <c>analysis_jobs.perf</c>: a counter upload's <see cref="PerfCounters"/> in snake_case
/// (<c>dp_mflops, sp_mflops, dp_gflop, sp_gflop, runtime_s, memory_bandwidth_m_bytes_per_s, hardware_threads, notes</c>).
/// </summary>
internal static class PerfJson
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Serialize(PerfCounters counters) => JsonSerializer.Serialize(counters, Options);

    /// <exception cref="JsonException">Not a stored counter set.</exception>
    public static PerfCounters Deserialize(string json) =>
        JsonSerializer.Deserialize<PerfCounters>(json, Options) ?? throw new JsonException("perf is null");
}
