using System.Text.Json;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Energy;
using Bench.Pipeline.Perf;
using Bench.Pipeline.Timeline;

namespace Bench.Pipeline.Sinks;

/// <summary>Turns results into rows in <see cref="ResultSchema"/> column order, for every sink alike.</summary>
public static class ResultRows
{
    /// <summary>Timeline columns after step, node and epoch_s, all doubles, in schema order (NaN = NULL).</summary>
    public static double[][] TimelineDoubles(NodeTimeline t) =>
    [
        t.ElapsedS, t.PowerW, t.EnergyJ, t.PriceEurPerMwh, t.CostEur, t.CarbonGPerKwh, t.Co2G,
        t.CpuUtilization, t.CpuFrequencyMHz, t.RssKB, t.VmSizeKB, t.TaskReadMBps, t.TaskWriteMBps,
        t.FsReadMBps, t.FsWriteMBps, t.FsReadsPerS, t.FsWritesPerS,
        t.NetInMBps, t.NetOutMBps, t.NetPacketsInPerS, t.NetPacketsOutPerS,
    ];

    /// <summary>The job_summaries row, values in <see cref="ResultSchema.SummaryColumns"/> order.</summary>
    public static object?[] Summary(ResultTarget target, string tableName, AnalysisResult r, ResultProvenance provenance) =>
    [
        target.Source,
        target.FileName,
        tableName,
        r.SlurmJobId,
        target.Owner,
        .. Figures(r, provenance),
        .. Added(r),
    ];

    /// <summary>The slurm_jobs row, values in <see cref="ResultSchema.JobSummaryColumns"/> order.</summary>
    public static object?[] JobSummary(JobResultTarget target, string tableName, AnalysisResult r, ResultProvenance provenance) =>
    [
        target.Key,
        target.SlurmJobId,
        target.Owner,
        Json(target.Files),
        tableName,
        .. Figures(r, provenance),
        target.Cluster,
        target.Benchmark,
        target.Perf is null ? null : JsonSerializer.Serialize(PerfEfficiency.Compute(target.Perf, r.EnergyToSolutionJ, PerfEfficiency.JobEnergyBasis)),
        .. Added(r),
    ];

    /// <summary>The columns both summary tables gained after their first release, at their ends.</summary>
    private static object?[] Added(AnalysisResult r) => [r.PowerScope.WireName()];

    /// <summary>The columns both summary tables share, from <c>layout</c> on.</summary>
    private static object?[] Figures(AnalysisResult r, ResultProvenance provenance)
    {
        var report = AnalysisReport.From(r);
        return
        [
            report.Layout,
            Json(r.Steps),
            r.Nodes,
            r.Tasks,
            DateTimeOffset.FromUnixTimeSeconds(r.StartEpoch),
            DateTimeOffset.FromUnixTimeSeconds(r.EndEpoch),
            r.EnergyToSolutionJ,
            r.TimeToSolutionS,
            r.AveragePowerW,
            r.PeakPowerW,
            r.PeakPowerTimeS,
            r.EnergyDelayProduct,
            r.Appliance.Name,
            r.Appliance.Amount,
            r.Appliance.Unit,
            r.Appliance.Description,
            r.CostEur,
            r.Co2G,
            provenance.PriceSource,
            provenance.CarbonSource,
            Json(report.PerNode),
            Json(report.PerStep),
            Json(report.Components),
            Json(r.Warnings),
            r.TimelineRows,
            ResultProvenance.PipelineVersion,
            provenance.AnalyzedAt.ToUniversalTime(),
        ];
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);
}
