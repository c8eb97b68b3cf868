using System.Text.Json;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Sinks;
using Npgsql;

namespace Bench.Functions.Jobs;

/// <summary>Reads a succeeded job's results back: its <c>job_summaries</c> row and its <c>job_&lt;stem&gt;</c> timeline.</summary>
internal sealed class JobResultsReader(NpgsqlDataSource dataSource)
{
    /// <summary>A later succeeded job of the same object key, whose results replaced this job's; null when none.</summary>
    public async Task<Guid?> SupersededByAsync(AnalysisJob job, CancellationToken cancellationToken)
    {
        if (job.State != JobStates.Succeeded || job.FinishedAt is null)
        {
            return null;
        }

        await using var command = dataSource.CreateCommand(
            """
            SELECT id FROM analysis_jobs
            WHERE bucket = @bucket AND object_key = @key AND id <> @id AND state = 'succeeded' AND finished_at > @finished
            ORDER BY finished_at DESC LIMIT 1
            """);
        command.Parameters.AddWithValue("bucket", job.Bucket);
        command.Parameters.AddWithValue("key", job.ObjectKey);
        command.Parameters.AddWithValue("id", job.Id);
        command.Parameters.AddWithValue("finished", job.FinishedAt.Value);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as Guid?;
    }

    /// <summary>The summary of <paramref name="job"/>'s object as <c>analyze --json</c> names it, or null when there is none.</summary>
    public async Task<AnalysisReport?> ReadSummaryAsync(AnalysisJob job, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT slurm_job_id, layout, steps::text, nodes, tasks, start_time, end_time, energy_to_solution_j, time_to_solution_s,
                   average_power_w, peak_power_w, peak_power_time_s, energy_delay_product, appliance_name, appliance_amount,
                   appliance_unit, appliance_description, cost_eur, co2_g, per_node::text, per_step::text, components::text, warnings::text
            FROM {ResultSchema.SummaryTable} WHERE source = @source
            """);
        command.Parameters.AddWithValue("source", job.Source);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new AnalysisReport
        {
            File = job.ObjectKey,
            SlurmJobId = r.IsDBNull(0) ? null : r.GetString(0),
            Layout = r.GetString(1),
            Steps = Json<string[]>(r.GetString(2)),
            Nodes = r.GetInt32(3),
            Tasks = r.GetInt32(4),
            StartTime = r.GetFieldValue<DateTimeOffset>(5),
            EndTime = r.GetFieldValue<DateTimeOffset>(6),
            EnergyToSolutionJ = r.GetDouble(7),
            TimeToSolutionS = r.GetDouble(8),
            AveragePowerW = r.GetDouble(9),
            PeakPowerW = r.GetDouble(10),
            PeakPowerTimeS = r.GetDouble(11),
            EnergyDelayProduct = r.GetDouble(12),
            ApplianceName = r.GetString(13),
            ApplianceAmount = r.GetDouble(14),
            ApplianceUnit = r.GetString(15),
            ApplianceDescription = r.GetString(16),
            CostEur = r.IsDBNull(17) ? null : r.GetDouble(17),
            Co2G = r.IsDBNull(18) ? null : r.GetDouble(18),
            PerNode = Json<NodeReport[]>(r.GetString(19)),
            PerStep = Json<StepReport[]>(r.GetString(20)),
            Components = Json<ComponentReport[]>(r.GetString(21)),
            Warnings = Json<string[]>(r.GetString(22)),
        };
    }

    /// <summary>
    /// Each node's power and cumulative energy over the job's time, cut into <paramref name="points"/> equal
    /// buckets shared by all nodes: mean and peak power in the bucket, the energy and cost at its last sample
    /// and the mean price (cost and price null for a node with no tariff). A node with fewer samples than buckets keeps every sample.
    /// </summary>
    public async Task<(double BucketSeconds, IReadOnlyList<NodeSeries> Nodes)> ReadSeriesAsync(string tableName, int points, CancellationToken cancellationToken)
    {
        // The table name comes from our own job row and is quoted: never from the request.
        await using var command = dataSource.CreateCommand(
            $"""
            WITH span AS (SELECT min(elapsed_s) AS lo, max(elapsed_s) AS hi FROM {SqlDialect.Quote(tableName)}),
            bucketed AS (
                SELECT node, elapsed_s, power_w, energy_j, cost_eur, price_eur_per_mwh,
                       CASE WHEN span.hi > span.lo
                            THEN least(floor((elapsed_s - span.lo) / (span.hi - span.lo) * @points)::int, @points - 1)
                            ELSE 0 END AS bucket
                FROM {SqlDialect.Quote(tableName)}, span)
            SELECT node, bucket, count(*)::int, max(elapsed_s), avg(power_w), max(power_w),
                   (array_agg(energy_j ORDER BY elapsed_s DESC))[1],
                   (SELECT hi - lo FROM span),
                   (array_agg(cost_eur ORDER BY elapsed_s DESC) FILTER (WHERE cost_eur IS NOT NULL))[1],
                   avg(price_eur_per_mwh),
                   bool_or(bool_or(cost_eur IS NOT NULL OR price_eur_per_mwh IS NOT NULL)) OVER (PARTITION BY node)
            FROM bucketed
            GROUP BY node, bucket
            ORDER BY node, bucket
            """);
        command.Parameters.AddWithValue("points", points);
        var nodes = new List<NodeSeries>();
        var span = 0.0;
        string? node = null;
        int samples = 0;
        var priced = false;
        List<double> elapsed = [], power = [], peak = [], energy = [];
        List<double?> cost = [], price = [];
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var name = r.GetString(0);
            if (name != node)
            {
                Flush();
                node = name;
            }

            samples += r.GetInt32(2);
            elapsed.Add(r.GetDouble(3));
            power.Add(r.GetDouble(4));
            peak.Add(r.GetDouble(5));
            energy.Add(r.GetDouble(6));
            span = r.GetDouble(7);
            cost.Add(r.IsDBNull(8) ? null : r.GetDouble(8));
            price.Add(r.IsDBNull(9) ? null : r.GetDouble(9));
            priced = r.GetBoolean(10);
        }

        Flush();
        return (span / points, nodes);

        void Flush()
        {
            if (node is not null)
            {
                nodes.Add(new NodeSeries(node, samples, [.. elapsed], [.. power], [.. peak], [.. energy], priced ? [.. cost] : null, priced ? [.. price] : null));
            }

            samples = 0;
            elapsed = [];
            power = [];
            peak = [];
            energy = [];
            cost = [];
            price = [];
            priced = false;
        }
    }

    private static T Json<T>(string json) => JsonSerializer.Deserialize<T>(json)!;
}
