namespace Bench.Pipeline.Sinks;

/// <summary>
/// The one definition of the result tables, used by every sink so DuckDB and PostgreSQL hold the same
/// tables and columns. docs/results.md documents it; a test keeps the two in step.
/// </summary>
public static class ResultSchema
{
    public const string SummaryTable = "job_summaries";

    /// <summary>One row per Slurm job, assembled from all its files.</summary>
    public const string JobSummaryTable = "slurm_jobs";

    /// <summary>Columns of each <c>job_&lt;stem&gt;</c> table: one row per node and power sample time.</summary>
    public static IReadOnlyList<ResultColumn> TimelineColumns { get; } =
    [
        new("step", ColumnType.Text, "Slurm step whose power sample the row holds (batch, 0, 1, ..., extern, interactive)", NotNull: true),
        new("node", ColumnType.Text, "node name", NotNull: true),
        new("epoch_s", ColumnType.BigInt, "sample time, Unix seconds (UTC)", NotNull: true),
        new("elapsed_s", ColumnType.Double, "seconds since the job's first power sample", NotNull: true),
        new("power_w", ColumnType.Double, "node power, W (NodePower, CurrPower or Power; the sum of components where the node has no whole-node sensor)", NotNull: true),
        new("energy_j", ColumnType.Double, "cumulative energy on this node since its first sample, J", NotNull: true),
        new("price_eur_per_mwh", ColumnType.Double, "electricity price in force, EUR/MWh"),
        new("cost_eur", ColumnType.Double, "cumulative cost on this node, EUR"),
        new("carbon_g_per_kwh", ColumnType.Double, "carbon intensity in force, gCO2/kWh"),
        new("co2_g", ColumnType.Double, "cumulative CO2 on this node, g"),
        new("cpu_utilization_pct", ColumnType.Double, "CPU utilisation summed over the node's tasks, percent (100 = one core)"),
        new("cpu_frequency_mhz", ColumnType.Double, "CPU frequency averaged over the node's tasks, MHz (Slurm's kHz or MHz, detected per node-step file)"),
        new("rss_kb", ColumnType.Double, "resident memory summed over the node's tasks, KB"),
        new("vmsize_kb", ColumnType.Double, "virtual memory summed over the node's tasks, KB"),
        new("task_read_mb_s", ColumnType.Double, "task reads summed over the node's tasks, MiB/s"),
        new("task_write_mb_s", ColumnType.Double, "task writes summed over the node's tasks, MiB/s"),
        new("fs_read_mb_s", ColumnType.Double, "Lustre reads on the node, MiB/s"),
        new("fs_write_mb_s", ColumnType.Double, "Lustre writes on the node, MiB/s"),
        new("fs_reads_per_s", ColumnType.Double, "Lustre read operations on the node per second"),
        new("fs_writes_per_s", ColumnType.Double, "Lustre write operations on the node per second"),
        new("net_in_mb_s", ColumnType.Double, "InfiniBand traffic received by the node, MiB/s"),
        new("net_out_mb_s", ColumnType.Double, "InfiniBand traffic sent by the node, MiB/s"),
        new("net_packets_in_per_s", ColumnType.Double, "InfiniBand packets received per second"),
        new("net_packets_out_per_s", ColumnType.Double, "InfiniBand packets sent per second"),
    ];

    /// <summary>Columns of <c>job_summaries</c>: one row per analysed file.</summary>
    public static IReadOnlyList<ResultColumn> SummaryColumns { get; } = [.. FirstSummaryColumns(), .. AddedSummaryColumns()];

    /// <summary>
    /// Columns both summary tables gained after the first release: at the END of each (after slurm_jobs'
    /// own cluster, benchmark and perf), so a table written before gains them with ALTER TABLE ADD COLUMN.
    /// Always nullable: rows written before hold NULL.
    /// </summary>
    private static ResultColumn[] AddedSummaryColumns() =>
    [
        new("power_scope", ColumnType.Text, "what power_w and the energy cover: node (a whole-node sensor), cpu_packages_dram (rapl: CPU packages + DRAM, not the node), components (component sensors only), mixed; NULL in rows written before the column existed"),
    ];

    /// <summary>The columns of <c>job_summaries</c> as first released.</summary>
    private static ResultColumn[] FirstSummaryColumns() =>
    [
        new("source", ColumnType.Text, "what was analysed: the absolute file path, or s3://bucket/key in the service", NotNull: true),
        new("file_name", ColumnType.Text, "file or object name", NotNull: true),
        new("table_name", ColumnType.Text, "the job_<stem> table holding this file's timeline", NotNull: true),
        new("slurm_job_id", ColumnType.Text, "Slurm job id from the file name or layout"),
        new("owner", ColumnType.Text, "user who uploaded the object (service only)"),
        new("layout", ColumnType.Text, "merged or node-step", NotNull: true),
        new("steps", ColumnType.Json, "step names, JSON array", NotNull: true),
        new("nodes", ColumnType.Integer, "nodes with power samples", NotNull: true),
        new("tasks", ColumnType.Integer, "task series across steps and nodes", NotNull: true),
        new("start_time", ColumnType.Timestamp, "first power sample", NotNull: true),
        new("end_time", ColumnType.Timestamp, "last power sample", NotNull: true),
        new("energy_to_solution_j", ColumnType.Double, "J, summed over nodes, overlapping steps counted once", NotNull: true),
        new("time_to_solution_s", ColumnType.Double, "s, first to last power sample", NotNull: true),
        new("average_power_w", ColumnType.Double, "W, energy / time", NotNull: true),
        new("peak_power_w", ColumnType.Double, "W, peak of the power summed over nodes", NotNull: true),
        new("peak_power_time_s", ColumnType.Double, "s after start when the peak occurred", NotNull: true),
        new("energy_delay_product", ColumnType.Double, "J*s", NotNull: true),
        new("appliance_name", ColumnType.Text, "appliance used for comparison", NotNull: true),
        new("appliance_amount", ColumnType.Double, "how much of it", NotNull: true),
        new("appliance_unit", ColumnType.Text, "unit of appliance_amount", NotNull: true),
        new("appliance_description", ColumnType.Text, "the comparison in words", NotNull: true),
        new("cost_eur", ColumnType.Double, "EUR at the price in force in each interval; NULL without prices"),
        new("co2_g", ColumnType.Double, "g of CO2; NULL without carbon intensity"),
        new("price_source", ColumnType.Text, "where prices came from (fixed, csv, smard)"),
        new("carbon_source", ColumnType.Text, "where carbon intensity came from"),
        new("per_node", ColumnType.Json, "per node figures, JSON (as in analyze --json)", NotNull: true),
        new("per_step", ColumnType.Json, "per step figures, JSON", NotNull: true),
        new("components", ColumnType.Json, "component sensors (sockets, GPUs), JSON", NotNull: true),
        new("warnings", ColumnType.Json, "what the analysis dropped or doubted, JSON array", NotNull: true),
        new("timeline_rows", ColumnType.BigInt, "rows in table_name", NotNull: true),
        new("pipeline_version", ColumnType.Text, "Bench.Pipeline version that produced the row", NotNull: true),
        new("analyzed_at", ColumnType.Timestamp, "when the analysis finished", NotNull: true),
    ];

    /// <summary>
    /// Columns of <c>slurm_jobs</c>: one row per Slurm job, its figures over all its files (each node's
    /// steps merged and counted once), under the same names as <c>job_summaries</c> from <c>layout</c> on.
    /// </summary>
    public static IReadOnlyList<ResultColumn> JobSummaryColumns { get; } =
    [
        new("job_key", ColumnType.Text, "the job: its Slurm job id, or the file's source when the file name names no job", NotNull: true),
        new("slurm_job_id", ColumnType.Text, "Slurm job id from the file names; NULL for a file that names no job"),
        new("owner", ColumnType.Text, "user who uploaded the files (service only)"),
        new("files", ColumnType.Json, "sources of the files the job was assembled from, JSON array", NotNull: true),
        new("table_name", ColumnType.Text, "the table holding the job's node timeline: slurm_job_<id>, or the file's job_<stem> table when the job is one file", NotNull: true),
        .. FirstSummaryColumns().SkipWhile(c => c.Name != "layout").Select(c => c.Name switch
        {
            "layout" => c with { Description = "merged when any of its files is a merged file, else node-step" },
            "timeline_rows" => c with { Description = "rows of the job's timeline in table_name" },
            _ => c,
        }),

        // Added after the first release: at the end, so files written before gain them with ALTER TABLE ADD COLUMN.
        new("cluster", ColumnType.Text, "cluster the job ran on, as the uploads named it ('' when not named; service only)"),
        new("benchmark", ColumnType.Text, "benchmark the job ran: object metadata x-amz-meta-benchmark, else the name before _job_<id>_; NULL when unknown"),
        new("perf", ColumnType.Json, "performance counters and energy efficiency (LIKWID), JSON as perf in analyze --json; NULL without counters"),
        .. AddedSummaryColumns(),
    ];
}
