using System.Text.Json.Serialization;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Compare;
using Bench.Pipeline.Perf;

namespace Bench.Functions.Jobs;

/// <summary>
/// A Slurm job (owner + cluster + Slurm job id) as the API shows it: the assembly's state and the figures
/// over all its files under the names <c>analyze --json</c> uses (null until the first assembly).
/// <see cref="Complete"/>: done, every file analysed, and no file arrived for BENCH_JOB_SETTLE_SECONDS;
/// before that the figures may still change.
/// </summary>
public record SlurmJobResponse(
    string Id,
    string SlurmJobId,
    string Cluster,
    string? Benchmark,
    string State,
    bool Complete,
    int Files,
    int UploadsFailed,
    int? Nodes,
    IReadOnlyList<string>? Steps,
    string? Error,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    double? EnergyToSolutionJ,
    double? TimeToSolutionS,
    double? AveragePowerW,
    double? PeakPowerW,
    double? PeakPowerTimeS,
    double? EnergyDelayProduct,
    double? CostEur,
    double? Co2G,
    string? ApplianceDescription,
    PerfEfficiency? Perf,
    string? PipelineVersion,
    int Analyses,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>An upload of a Slurm job, as <c>GET /jobs/{id}</c> lists them.</summary>
public sealed record SlurmJobUpload(Guid Id, string Key, string Kind, string State, string? Error);

/// <summary><c>GET /jobs/{id}</c>: the job, plus per node and per step figures, warnings and its uploads.</summary>
public sealed record SlurmJobDetailResponse : SlurmJobResponse
{
    public SlurmJobDetailResponse(
        SlurmJobResponse job,
        IReadOnlyList<NodeReport>? perNode,
        IReadOnlyList<StepReport>? perStep,
        IReadOnlyList<string>? warnings,
        IReadOnlyList<SlurmJobUpload> uploads)
        : base(job)
    {
        PerNode = perNode;
        PerStep = perStep;
        Warnings = warnings;
        Uploads = uploads;
    }

    [JsonPropertyOrder(1)] // after the job's own fields, as they were before the job became the base type
    public IReadOnlyList<NodeReport>? PerNode { get; init; }

    [JsonPropertyOrder(1)] // after the job's own fields, as they were before the job became the base type
    public IReadOnlyList<StepReport>? PerStep { get; init; }

    [JsonPropertyOrder(1)] // after the job's own fields, as they were before the job became the base type
    public IReadOnlyList<string>? Warnings { get; init; }

    [JsonPropertyOrder(1)] // after the job's own fields, as they were before the job became the base type
    public IReadOnlyList<SlurmJobUpload> Uploads { get; init; }
}

/// <summary><c>GET /jobs</c>: newest updated first; <see cref="NextSince"/> starts a <c>?since=</c> poll.</summary>
public sealed record SlurmJobListResponse(IReadOnlyList<SlurmJobResponse> Jobs, string? NextCursor, string NextSince);

/// <summary>A deleted Slurm job, as <c>?since=</c> pollers see it.</summary>
public sealed record DeletedJob(string Id);

/// <summary><c>GET /jobs?since=</c>: jobs changed since the token, oldest change first, and jobs deleted since.</summary>
public sealed record SlurmJobChangesResponse(IReadOnlyList<SlurmJobResponse> Jobs, IReadOnlyList<DeletedJob> Deleted, string NextSince);

/// <summary><c>GET /jobs/{id}/series</c>: per node series of the job's timeline, downsampled like an upload's.</summary>
public sealed record SlurmJobSeriesResponse(string JobId, string TableName, int Points, double BucketSeconds, IReadOnlyList<NodeSeries> Nodes);

/// <summary>A benchmark of the caller: how many runs (Slurm jobs) and the latest.</summary>
public sealed record BenchmarkSummary(string Name, int Runs, SlurmJobResponse Latest);

/// <summary><c>GET /benchmarks</c>.</summary>
public sealed record BenchmarkListResponse(IReadOnlyList<BenchmarkSummary> Benchmarks);

/// <summary><c>GET /benchmarks/{name}/runs</c>: newest first; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record BenchmarkRunsResponse(IReadOnlyList<SlurmJobResponse> Runs, string? NextCursor);

/// <summary><c>GET /jobs/{id}/compare/{other}</c>: deltas are job minus other.</summary>
public sealed record JobComparisonResponse(
    SlurmJobResponse Job,
    SlurmJobResponse Other,
    IReadOnlyDictionary<string, FigureDelta> Deltas,
    string Sentence,
    bool PipelineVersionsDiffer);
