using System.Text.Json;
using Bench.Functions.Options;
using Bench.Pipeline.Analysis;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Bench.Functions.Jobs;

/// <summary>Per node and per step figures and warnings of an assembled job.</summary>
internal sealed record SlurmJobBreakdown(NodeReport[]? PerNode, StepReport[]? PerStep, string[]? Warnings);

/// <summary>
/// Reads an owner's Slurm jobs: <c>slurm_job_status</c> (the assembly's bookkeeping) joined with the
/// pipeline's <c>slurm_jobs</c> figures. Another owner's job is never found.
/// </summary>
internal sealed class SlurmJobReader(NpgsqlDataSource dataSource, IOptions<AssemblyOptions> options)
{
    private TimeSpan Settle => options.Value.SettleWindow;

    /// <summary>One job of <paramref name="owner"/>, or null.</summary>
    public async Task<SlurmJobRecord?> GetAsync(string owner, string cluster, string slurmJobId, CancellationToken cancellationToken)
    {
        var jobs = await QueryAsync(
            "s.owner = @owner AND s.cluster = @cluster AND s.slurm_job_id = @sjid", "", 1,
            c =>
            {
                c.Parameters.AddWithValue("owner", owner);
                c.Parameters.AddWithValue("cluster", cluster);
                c.Parameters.AddWithValue("sjid", slurmJobId);
            }, cancellationToken).ConfigureAwait(false);
        return jobs.Count == 0 ? null : jobs[0];
    }

    /// <summary>Up to <paramref name="limit"/> jobs, newest updated first, after the cursor (updated_at, status id).</summary>
    public Task<IReadOnlyList<SlurmJobRecord>> ListAsync(string owner, int limit, JobCursor? after, CancellationToken cancellationToken) =>
        QueryAsync(
            "s.owner = @owner AND (@after_time::timestamptz IS NULL OR (s.updated_at, s.id) < (@after_time, @after_id))",
            "ORDER BY s.updated_at DESC, s.id DESC", limit,
            c =>
            {
                c.Parameters.AddWithValue("owner", owner);
                AddCursor(c, after);
            }, cancellationToken);

    /// <summary>Runs of one benchmark (case-sensitive), newest created first, after the cursor (created_at, status id).</summary>
    public Task<IReadOnlyList<SlurmJobRecord>> RunsAsync(string owner, string benchmark, int limit, JobCursor? after, CancellationToken cancellationToken) =>
        QueryAsync(
            "s.owner = @owner AND s.benchmark = @benchmark AND (@after_time::timestamptz IS NULL OR (s.created_at, s.id) < (@after_time, @after_id))",
            "ORDER BY s.created_at DESC, s.id DESC", limit,
            c =>
            {
                c.Parameters.AddWithValue("owner", owner);
                c.Parameters.AddWithValue("benchmark", benchmark);
                AddCursor(c, after);
            }, cancellationToken);

    /// <summary>Every benchmark of the owner, by name, with its run count and its newest run.</summary>
    public async Task<IReadOnlyList<(string Name, int Runs, SlurmJobRecord Latest)>> BenchmarksAsync(string owner, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var command = dataSource.CreateCommand(
            "SELECT benchmark, count(*)::int FROM slurm_job_status WHERE owner = @owner AND benchmark IS NOT NULL GROUP BY benchmark"))
        {
            command.Parameters.AddWithValue("owner", owner);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                counts[reader.GetString(0)] = reader.GetInt32(1);
            }
        }

        var latest = await QueryAsync(
            """
            s.id IN (SELECT DISTINCT ON (benchmark) id FROM slurm_job_status
                     WHERE owner = @owner AND benchmark IS NOT NULL ORDER BY benchmark, created_at DESC, id DESC)
            """,
            "", int.MaxValue, c => c.Parameters.AddWithValue("owner", owner), cancellationToken).ConfigureAwait(false);
        return [.. latest
            .Where(j => j.Benchmark is not null && counts.ContainsKey(j.Benchmark))
            .OrderBy(j => j.Benchmark, StringComparer.Ordinal)
            .Select(j => (j.Benchmark!, counts[j.Benchmark!], j))];
    }

    /// <summary>The job's per node and per step figures and warnings (nulls before the first assembly).</summary>
    public async Task<SlurmJobBreakdown> BreakdownAsync(SlurmJobRecord job, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT per_node::text, per_step::text, warnings::text FROM slurm_jobs WHERE job_key = @key");
        command.Parameters.AddWithValue("key", job.JobKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return new SlurmJobBreakdown(null, null, null);
        }

        return new SlurmJobBreakdown(
            JsonSerializer.Deserialize<NodeReport[]>(reader.GetString(0)),
            JsonSerializer.Deserialize<StepReport[]>(reader.GetString(1)),
            JsonSerializer.Deserialize<string[]>(reader.GetString(2)));
    }

    /// <summary>The job's uploads, oldest first.</summary>
    public async Task<IReadOnlyList<SlurmJobUpload>> UploadsAsync(SlurmJobRecord job, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT id, object_key, kind, state, error FROM analysis_jobs
            WHERE owner = @owner AND cluster = @cluster AND slurm_job_id = @sjid
            ORDER BY created_at, id
            """);
        command.Parameters.AddWithValue("owner", job.Owner);
        command.Parameters.AddWithValue("cluster", job.Cluster);
        command.Parameters.AddWithValue("sjid", job.SlurmJobId);
        var uploads = new List<SlurmJobUpload>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            uploads.Add(new SlurmJobUpload(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return uploads;
    }

    private static void AddCursor(NpgsqlCommand command, JobCursor? after)
    {
        command.Parameters.Add(new NpgsqlParameter("after_time", NpgsqlDbType.TimestampTz) { Value = (object?)after?.CreatedAt ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("after_id", NpgsqlDbType.Uuid) { Value = (object?)after?.Id ?? DBNull.Value });
    }

    private async Task<IReadOnlyList<SlurmJobRecord>> QueryAsync(string where, string orderBy, int limit, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {SlurmJobRecord.Columns} FROM {SlurmJobRecord.From} WHERE {where} {orderBy} LIMIT @limit");
        bind(command);
        command.Parameters.AddWithValue("settle", Settle);
        command.Parameters.AddWithValue("limit", limit);
        var jobs = new List<SlurmJobRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(SlurmJobRecord.Read(reader));
        }

        return jobs;
    }
}
