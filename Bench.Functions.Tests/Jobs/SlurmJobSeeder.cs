using Bench.Functions.Jobs;
using Bench.Functions.Tests.Infrastructure;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Jobs;
using Bench.Pipeline.Perf;
using Bench.Pipeline.Pricing;
using Bench.Pipeline.Sinks;
using Bench.Pipeline.Sinks.Postgres;
using Bench.Pipeline.Slurm;
using Bench.Pipeline.Slurm.Sample;
using Npgsql;

namespace Bench.Functions.Tests.Jobs;

/// <summary>A Slurm job seeded as the service would hold it.</summary>
/// <param name="ApiId">Its id under /jobs.</param>
/// <param name="ObjectKeys">Its uploads' object keys.</param>
/// <param name="FileTables">Its uploads' job_&lt;stem&gt; tables.</param>
/// <param name="JobTable">Its slurm_job_&lt;id&gt; timeline table.</param>
public sealed record SeededJob(string Owner, string Cluster, string SlurmJobId, string ApiId, IReadOnlyList<string> ObjectKeys, IReadOnlyList<string> FileTables, string JobTable);

/// <summary>
/// Builds Slurm jobs through the real pipeline: node-step files of constant power (one batch file per node,
/// a sample every 10 s), each file analysed into its job_&lt;stem&gt; table and job_summaries row as an upload,
/// the job assembled into slurm_jobs and slurm_job_&lt;id&gt; (PostgresResultSink.BeginJob with a
/// JobResultTarget), and analysis_jobs and slurm_job_status rows written as the webhook and the assembly
/// would (the status row under the change lock). Energy by hand: each node watts x seconds.
/// </summary>
public sealed class SlurmJobSeeder : IAsyncDisposable
{
    public const double PriceEurPerMwh = 100;
    public const ulong T0 = 1_700_000_000;

    private static readonly H5FieldSpec[] Ipmi = [H5FieldSpec.U64("ElapsedTime"), H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("NodePower")];

    private readonly JobsFixture _fixture;
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresResultSink _sink;
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("bench-seed-");

    public SlurmJobSeeder(JobsFixture fixture)
    {
        _fixture = fixture;
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(fixture.Servers.Admin.ConnectionString) { Database = fixture.Servers.DatabaseName }.ConnectionString);
        _sink = new PostgresResultSink(_dataSource);
    }

    public NpgsqlDataSource DataSource => _dataSource;

    private static TariffSources Tariffs => new(TariffSpec.ParsePrice($"fixed:{PriceEurPerMwh}"), null);

    /// <summary>Seeds job <paramref name="slurmJobId"/> of <paramref name="owner"/>: one node-step file per node drawing constant watts for <paramref name="seconds"/>.</summary>
    public async Task<SeededJob> SeedAsync(
        string owner, long slurmJobId, (string Node, ulong Watts)[] nodes, ulong seconds,
        string cluster = "", string? benchmark = null, bool putObjects = false, bool settled = true, PerfCounters? perf = null)
    {
        var id = slurmJobId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var jobDirectory = _directory.CreateSubdirectory($"{owner}-{cluster}-{id}");
        var paths = new List<string>();
        foreach (var (node, watts) in nodes)
        {
            var path = Path.Combine(jobDirectory.FullName, SlurmFileNames.NodeStepFileName(slurmJobId, "batch", node));
            using (var builder = SlurmFileBuilder.NodeStep(path))
            using (var writer = builder.AddNode(node, new NodeAttributes(paths.Count, node, 1, 1, "Tue Nov 14 22:13:20 2023")))
            {
                var epochs = Enumerable.Range(0, (int)(seconds / 10) + 1).Select(i => T0 + (ulong)i * 10).ToArray();
                writer.WriteEnergy(Ipmi, epochs.Select(t => t - T0).ToArray(), epochs, epochs.Select(_ => watts).ToArray());
            }

            paths.Add(path);
        }

        var bucket = _fixture.Servers.BucketName;
        var keys = paths.Select(p => $"{owner}/{(cluster.Length > 0 ? cluster + "_" : "")}{Path.GetFileName(p)}").ToList();
        var tables = new List<string>();
        using var s3 = _fixture.Servers.S3Client();
        await using var connection = await _dataSource.OpenConnectionAsync();
        for (var i = 0; i < paths.Count; i++)
        {
            if (putObjects)
            {
                await s3.PutObjectAsync(S3Fixture.NewPut(bucket, keys[i], await File.ReadAllBytesAsync(paths[i])));
            }

            var file = await FileAnalysis.RunWithTableAsync(paths[i], Tariffs, _sink, new ResultTarget(ObjectSources.Of(bucket, keys[i]), Path.GetFileName(keys[i]), owner));
            tables.Add(file.TableName!);
            await using var upload = new NpgsqlCommand(
                """
                INSERT INTO analysis_jobs (id, bucket, object_key, etag, owner, origin, state, attempts, table_name, finished_at, kind, cluster, slurm_job_id, benchmark)
                VALUES ($1, $2, $3, $4, $5, 'webhook', 'succeeded', 1, $6, now(), 'profile', $7, $8, $9)
                """, connection);
            foreach (var value in new object?[] { Guid.CreateVersion7(), bucket, keys[i], "etag-" + i, owner, file.TableName, cluster, id, (object?)benchmark ?? DBNull.Value })
            {
                upload.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            }

            await upload.ExecuteNonQueryAsync();
        }

        var jobKey = SlurmJobIds.Key(owner, cluster, id);
        var job = await JobAnalysis.RunAsync(
            JobFiles.Group(paths)[0], Tariffs, _sink,
            new JobResultTarget(jobKey, id, owner, keys.Select(k => ObjectSources.Of(bucket, k)).ToArray(), Cluster: cluster, Benchmark: benchmark, Perf: perf));
        await UpsertStatusAsync(owner, cluster, id, benchmark, files: paths.Count, settled);
        return new SeededJob(owner, cluster, id, SlurmJobIds.Format(id, cluster), keys, tables, job.TableName!);
    }

    /// <summary>The status row as the assembly writes it (done, analysed up to its generation), under the change lock.</summary>
    public async Task UpsertStatusAsync(string owner, string cluster, string slurmJobId, string? benchmark, int files, bool settled = true, string state = "done")
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await WriteStatusAsync(connection, transaction, owner, cluster, slurmJobId, benchmark, files, settled, state);
        await transaction.CommitAsync();
    }

    /// <summary>Writes the status row inside the caller's transaction, taking the change lock first as every writer must.</summary>
    public static async Task WriteStatusAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string owner, string cluster, string slurmJobId, string? benchmark, int files, bool settled = true, string state = "done")
    {
        await SlurmJobChanges.TakeAsync(connection, transaction, CancellationToken.None);

        await using var command = new NpgsqlCommand(
            """
            INSERT INTO slurm_job_status (id, owner, cluster, slurm_job_id, job_key, benchmark, state, generation, analyzed_generation, analyses, files, pipeline_version, last_file_at, analyzed_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 1, CASE WHEN $7 = 'done' THEN 1 ELSE 0 END, 1, $8, $9, now() - $10, now())
            ON CONFLICT (owner, cluster, slurm_job_id) DO UPDATE
            SET state = excluded.state, files = excluded.files, last_file_at = excluded.last_file_at, updated_at = clock_timestamp(),
                generation = slurm_job_status.generation + 1,
                analyzed_generation = CASE WHEN excluded.state = 'done' THEN slurm_job_status.generation + 1 ELSE slurm_job_status.analyzed_generation END,
                change_seq = nextval('slurm_job_changes')
            """, connection, transaction);
        foreach (var value in new object?[] { Guid.CreateVersion7(), owner, cluster, slurmJobId, SlurmJobIds.Key(owner, cluster, slurmJobId), benchmark, state, files, ResultProvenance.PipelineVersion, settled ? TimeSpan.FromHours(1) : TimeSpan.Zero })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _sink.Dispose();
        await _dataSource.DisposeAsync();
        _directory.Delete(recursive: true);
    }
}
