using Bench.Functions.Report;
using Npgsql;
using NpgsqlTypes;

namespace Bench.Functions.Jobs;

/// <summary>
/// Each Slurm job's downsampled series per node (<c>slurm_job_series</c>, migration 0005): written by the
/// assembly in the transaction of the job's figures, read by <c>GET /jobs/{id}/series</c> for any resolution
/// up to the stored one, so opening a large job never scans its timeline table.
/// </summary>
internal sealed class JobSeriesStore(NpgsqlDataSource dataSource)
{
    /// <summary>Replaces the job's stored series with <paramref name="series"/> (none when null), in the caller's transaction.</summary>
    public static void Replace(NpgsqlConnection connection, NpgsqlTransaction transaction, string jobKey, ReportSeries? series)
    {
        using (var delete = new NpgsqlCommand("DELETE FROM slurm_job_series WHERE job_key = @key", connection, transaction))
        {
            delete.Parameters.AddWithValue("key", jobKey);
            delete.ExecuteNonQuery();
        }

        if (series is null || series.Nodes.Count == 0)
        {
            return;
        }

        using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var node in series.Nodes)
        {
            var insert = new NpgsqlBatchCommand(
                """
                INSERT INTO slurm_job_series (job_key, node, resolution, span_s, samples, bucket, bucket_samples, elapsed_s, power_w, peak_power_w, energy_j, cost_eur, price_eur_per_mwh)
                VALUES (@key, @node, @resolution, @span, @samples, @bucket, @bucket_samples, @elapsed, @power, @peak, @energy, @cost, @price)
                """);
            insert.Parameters.AddWithValue("key", jobKey);
            insert.Parameters.AddWithValue("node", node.Node);
            insert.Parameters.AddWithValue("resolution", series.Points);
            insert.Parameters.AddWithValue("span", series.SpanS);
            insert.Parameters.AddWithValue("samples", node.Samples);
            insert.Parameters.AddWithValue("bucket", node.Buckets);
            insert.Parameters.AddWithValue("bucket_samples", node.BucketSamples);
            insert.Parameters.AddWithValue("elapsed", node.ElapsedS);
            insert.Parameters.AddWithValue("power", node.PowerW);
            insert.Parameters.AddWithValue("peak", node.PeakPowerW);
            insert.Parameters.AddWithValue("energy", node.EnergyJ);
            insert.Parameters.Add(NullableArray("cost", node.CostEur));
            insert.Parameters.Add(NullableArray("price", node.PriceEurPerMwh));
            batch.BatchCommands.Add(insert);
        }

        batch.ExecuteNonQuery();
    }

    /// <summary>Removes the job's stored series, in the caller's transaction.</summary>
    public static async Task RemoveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string jobKey, CancellationToken cancellationToken)
    {
        await using var delete = new NpgsqlCommand("DELETE FROM slurm_job_series WHERE job_key = @key", connection, transaction);
        delete.Parameters.AddWithValue("key", jobKey);
        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Downsamples the nodes the assembly wrote and stores them in place of the job's series, in the caller's transaction.</summary>
    public static void Replace(NpgsqlConnection connection, NpgsqlTransaction transaction, string jobKey, IReadOnlyList<CapturedNode> nodes) =>
        Replace(connection, transaction, jobKey, nodes.Count == 0 ? null : SeriesDownsampler.Downsample(nodes, SeriesDownsampler.PointsFor(nodes.Count), priceOnFirstNodeOnly: false));

    /// <summary>
    /// Stores the series of a job whose timeline is an upload's table (a job of one file, not analysed again):
    /// the table is read once here, at assembly, so the API never has to.
    /// </summary>
    public static async Task ReplaceFromTimelineAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string jobKey, string tableName, CancellationToken cancellationToken)
    {
        var nodes = new List<CapturedNode>();
        // The table name comes from our own job row and is quoted.
        await using (var read = new NpgsqlCommand(
            $"SELECT node, elapsed_s, power_w, energy_j, cost_eur, price_eur_per_mwh FROM {Bench.Pipeline.Sinks.SqlDialect.Quote(tableName)} ORDER BY node, elapsed_s",
            connection, transaction))
        await using (var r = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            string? node = null;
            List<double> elapsed = [], energy = [], cost = [];
            List<float> power = [], price = [];
            var priced = false;
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var name = r.GetString(0);
                if (name != node)
                {
                    Flush();
                    node = name;
                }

                elapsed.Add(r.GetDouble(1));
                power.Add(r.IsDBNull(2) ? float.NaN : (float)r.GetDouble(2));
                energy.Add(r.IsDBNull(3) ? double.NaN : r.GetDouble(3));
                cost.Add(r.IsDBNull(4) ? double.NaN : r.GetDouble(4));
                price.Add(r.IsDBNull(5) ? float.NaN : (float)r.GetDouble(5));
                priced |= !r.IsDBNull(4);
            }

            Flush();

            void Flush()
            {
                if (node is not null)
                {
                    nodes.Add(new CapturedNode(node, [.. elapsed], [.. power], [.. energy], priced ? [.. cost] : null, priced ? [.. price] : null));
                }

                elapsed = [];
                energy = [];
                cost = [];
                power = [];
                price = [];
                priced = false;
            }
        }

        Replace(connection, transaction, jobKey, nodes);
    }

    /// <summary>
    /// The job's series in <paramref name="points"/> buckets from the stored one; null when none is stored or
    /// it is coarser than asked (the caller reads the timeline then).
    /// </summary>
    public async Task<(double BucketSeconds, IReadOnlyList<NodeSeries> Nodes)?> ReadAsync(string jobKey, int points, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT node, resolution, span_s, samples, bucket, bucket_samples, elapsed_s, power_w, peak_power_w, energy_j, cost_eur, price_eur_per_mwh
            FROM slurm_job_series WHERE job_key = @key ORDER BY node
            """);
        command.Parameters.AddWithValue("key", jobKey);
        var nodes = new List<NodeSeries>();
        double span = 0;
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var resolution = r.GetInt32(1);
            if (points > resolution)
            {
                return null;
            }

            span = r.GetDouble(2);
            var stored = new StoredNodeSeries(
                r.GetString(0),
                resolution,
                r.GetInt32(3),
                r.GetFieldValue<int[]>(4),
                r.GetFieldValue<int[]>(5),
                r.GetFieldValue<double[]>(6),
                r.GetFieldValue<double[]>(7),
                r.GetFieldValue<double[]>(8),
                r.GetFieldValue<double[]>(9),
                r.IsDBNull(10) ? null : r.GetFieldValue<double?[]>(10),
                r.IsDBNull(11) ? null : r.GetFieldValue<double?[]>(11));
            nodes.Add(SeriesRebucketing.Rebucket(stored, points));
        }

        return nodes.Count == 0 ? null : (span / points, nodes);
    }

    private static NpgsqlParameter NullableArray(string name, double?[]? values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = values is null ? DBNull.Value : values };
}
