using System.Text.Json;
using Bench.Pipeline.Perf;
using Bench.Pipeline.Sinks;
using Npgsql;

namespace Bench.Functions.Jobs;

/// <summary>
/// A Slurm job of one profile (typically sh5util's merged file) has that file's figures: its <c>slurm_jobs</c>
/// row is the file's <c>job_summaries</c> row under the job's identity, sharing the file's <c>job_&lt;stem&gt;</c>
/// timeline (as <c>analyze</c> does locally), with the job's counters set against its energy. Copying the row
/// in SQL saves analysing the file a second time. Commits with the job's status, under its lease.
/// </summary>
internal static class SingleFileJob
{
    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The figure columns both summary tables share, from <c>layout</c> to <c>analyzed_at</c>.</summary>
    private static readonly string[] Figures = ResultSchema.SummaryColumns.SkipWhile(c => c.Name != "layout").Select(c => c.Name).ToArray();

    /// <summary>Writes the job's row from the file's; false (nothing written) when the file has no summary row any more.</summary>
    /// <returns>The job's generation after the commit, or null when the file's row is gone.</returns>
    public static async Task<long?> CommitAsync(
        NpgsqlDataSource dataSource, SlurmJobStatus job, Guid token, AssemblyUpload file, PerfCounters? perf, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        double energy;
        await using (var read = new NpgsqlCommand("SELECT energy_to_solution_j FROM job_summaries WHERE source = @source AND table_name = @table", connection, transaction))
        {
            read.Parameters.AddWithValue("source", file.Source);
            read.Parameters.AddWithValue("table", file.TableName!);
            if (await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not double j)
            {
                return null;
            }

            energy = j;
        }

        // A job that had its own timeline (more files before) now points at the file's: its own table goes.
        await using (var previous = new NpgsqlCommand("SELECT table_name FROM slurm_jobs WHERE job_key = @key", connection, transaction))
        {
            previous.Parameters.AddWithValue("key", job.JobKey);
            if (await previous.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string own
                && ResultTableSet.SlurmJobs.Owns(own))
            {
                await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {SqlDialect.Quote(own)}", connection, transaction);
                await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var figures = string.Join(", ", Figures.Select(SqlDialect.Quote));
        var updates = string.Join(", ", ResultSchema.JobSummaryColumns.Skip(1).Select(c => $"{SqlDialect.Quote(c.Name)} = EXCLUDED.{SqlDialect.Quote(c.Name)}"));
        await using (var upsert = new NpgsqlCommand(
            $"""
            INSERT INTO slurm_jobs (job_key, slurm_job_id, owner, files, table_name, {figures}, cluster, benchmark, perf)
            SELECT @key, @slurm_job_id, @owner, @files::jsonb, table_name, {figures}, @cluster, @benchmark, @perf::jsonb
            FROM job_summaries WHERE source = @source
            ON CONFLICT (job_key) DO UPDATE SET {updates}
            """, connection, transaction))
        {
            upsert.Parameters.AddWithValue("key", job.JobKey);
            upsert.Parameters.AddWithValue("slurm_job_id", job.SlurmJobId);
            upsert.Parameters.AddWithValue("owner", job.Owner);
            upsert.Parameters.AddWithValue("files", JsonSerializer.Serialize(new[] { file.Source }));
            upsert.Parameters.AddWithValue("cluster", job.Cluster);
            upsert.Parameters.Add(new NpgsqlParameter("benchmark", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)job.Benchmark ?? DBNull.Value });
            upsert.Parameters.Add(new NpgsqlParameter("perf", NpgsqlTypes.NpgsqlDbType.Text)
            {
                Value = perf is null ? DBNull.Value : JsonSerializer.Serialize(PerfEfficiency.Compute(perf, energy, PerfEfficiency.JobEnergyBasis), SnakeCase),
            });
            upsert.Parameters.AddWithValue("source", file.Source);
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await JobSeriesStore.ReplaceFromTimelineAsync(connection, transaction, job.JobKey, file.TableName!, cancellationToken).ConfigureAwait(false);
        var now = SlurmJobStatusStore.MarkAssembled(connection, transaction, job.Id, token, job.Generation, Bench.Pipeline.Sinks.ResultProvenance.PipelineVersion);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return now;
    }
}
