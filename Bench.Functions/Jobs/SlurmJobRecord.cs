using System.Text.Json;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Compare;
using Bench.Pipeline.Perf;
using Npgsql;

namespace Bench.Functions.Jobs;

/// <summary>A <c>slurm_job_status</c> row with its <c>slurm_jobs</c> figures (null before the first assembly).</summary>
internal sealed record SlurmJobRecord
{
    public required Guid StatusId { get; init; }
    public required string Owner { get; init; }
    public required string Cluster { get; init; }
    public required string SlurmJobId { get; init; }
    public required string JobKey { get; init; }
    public string? Benchmark { get; init; }
    public required string State { get; init; }
    public required bool Complete { get; init; }
    public required int Files { get; init; }
    public required int UploadsFailed { get; init; }
    public int? Nodes { get; init; }
    public string[]? Steps { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    public double? EnergyToSolutionJ { get; init; }
    public double? TimeToSolutionS { get; init; }
    public double? AveragePowerW { get; init; }
    public double? PeakPowerW { get; init; }
    public double? PeakPowerTimeS { get; init; }
    public double? EnergyDelayProduct { get; init; }
    public double? CostEur { get; init; }
    public double? Co2G { get; init; }
    public string? ApplianceDescription { get; init; }
    public PerfEfficiency? Perf { get; init; }
    public string? PipelineVersion { get; init; }
    public required int Analyses { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required long ChangeSeq { get; init; }

    /// <summary>The job's timeline table (slurm_jobs.table_name); null before the first assembly.</summary>
    public string? TableName { get; init; }

    public string ApiId => SlurmJobIds.Format(SlurmJobId, Cluster);

    /// <summary>
    /// The columns <see cref="Read"/> reads, from <c>slurm_job_status s LEFT JOIN slurm_jobs j</c>; <c>@settle</c>
    /// is BENCH_JOB_SETTLE_SECONDS as an interval.
    /// </summary>
    public const string Columns =
        """
        s.id, s.owner, s.cluster, s.slurm_job_id, s.job_key, coalesce(s.benchmark, j.benchmark), s.state,
        (s.state = 'done' AND s.analyzed_generation = s.generation AND s.last_file_at <= now() - @settle),
        s.files,
        (SELECT count(*)::int FROM analysis_jobs a
         WHERE a.owner = s.owner AND a.cluster = s.cluster AND a.slurm_job_id = s.slurm_job_id AND a.state = 'failed'),
        j.nodes, j.steps::text, s.error, j.start_time, j.end_time, j.energy_to_solution_j, j.time_to_solution_s,
        j.average_power_w, j.peak_power_w, j.peak_power_time_s, j.energy_delay_product, j.cost_eur, j.co2_g,
        j.appliance_description, j.perf::text, coalesce(j.pipeline_version, s.pipeline_version), s.analyses,
        s.created_at, s.updated_at, s.change_seq, j.table_name
        """;

    public const string From = "slurm_job_status s LEFT JOIN slurm_jobs j ON j.job_key = s.job_key";

    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static SlurmJobRecord Read(NpgsqlDataReader r) => new()
    {
        StatusId = r.GetGuid(0),
        Owner = r.GetString(1),
        Cluster = r.GetString(2),
        SlurmJobId = r.GetString(3),
        JobKey = r.GetString(4),
        Benchmark = Text(r, 5),
        State = r.GetString(6),
        Complete = r.GetBoolean(7),
        Files = r.GetInt32(8),
        UploadsFailed = r.GetInt32(9),
        Nodes = r.IsDBNull(10) ? null : r.GetInt32(10),
        Steps = Text(r, 11) is { } steps ? JsonSerializer.Deserialize<string[]>(steps) : null,
        Error = Text(r, 12),
        StartTime = Time(r, 13),
        EndTime = Time(r, 14),
        EnergyToSolutionJ = Number(r, 15),
        TimeToSolutionS = Number(r, 16),
        AveragePowerW = Number(r, 17),
        PeakPowerW = Number(r, 18),
        PeakPowerTimeS = Number(r, 19),
        EnergyDelayProduct = Number(r, 20),
        CostEur = Number(r, 21),
        Co2G = Number(r, 22),
        ApplianceDescription = Text(r, 23),
        Perf = Text(r, 24) is { } perf ? JsonSerializer.Deserialize<PerfEfficiency>(perf, SnakeCase) : null,
        PipelineVersion = Text(r, 25),
        Analyses = r.GetInt32(26),
        CreatedAt = Time(r, 27)!.Value,
        UpdatedAt = Time(r, 28)!.Value,
        ChangeSeq = r.GetInt64(29),
        TableName = Text(r, 30),
    };

    public SlurmJobResponse ToResponse() => new(
        ApiId, SlurmJobId, Cluster, Benchmark, State, Complete, Files, UploadsFailed, Nodes, Steps, Error,
        StartTime, EndTime, EnergyToSolutionJ, TimeToSolutionS, AveragePowerW, PeakPowerW, PeakPowerTimeS, EnergyDelayProduct,
        CostEur, Co2G, ApplianceDescription, Perf, PipelineVersion, Analyses, CreatedAt, UpdatedAt);

    public SlurmJobDetailResponse ToDetail(NodeReport[]? perNode, StepReport[]? perStep, string[]? warnings, IReadOnlyList<SlurmJobUpload> uploads) =>
        new(ToResponse(), perNode, perStep, warnings, uploads);

    /// <summary>The figures a comparison uses, the run named by its API id.</summary>
    public RunFigures ToFigures() => new(
        ApiId, PipelineVersion, EnergyToSolutionJ, TimeToSolutionS, AveragePowerW, PeakPowerW, EnergyDelayProduct, CostEur, Co2G, Perf?.GflopsPerW);

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static double? Number(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);

    private static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
}
