using Bench.Functions.Data;
using Bench.Pipeline.Sinks.Postgres;
using Npgsql;

namespace Bench.Functions.Jobs;

/// <summary>
/// Creates <c>job_summaries</c> and <c>slurm_jobs</c> through the pipeline's own definition (PostgresResultSink.EnsureSchema),
/// under the migration lock: concurrent CREATE TABLE IF NOT EXISTS from several replicas can collide.
/// </summary>
internal static class ResultTables
{
    public static async Task EnsureAsync(NpgsqlDataSource dataSource, PostgresResultSink sink, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({Migrator.AdvisoryLockKey})", connection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            sink.EnsureSchema();
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({Migrator.AdvisoryLockKey})", connection);
            await release.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
