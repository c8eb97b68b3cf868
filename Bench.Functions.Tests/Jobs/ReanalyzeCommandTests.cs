using System.Text.Json;
using Bench.Functions.Tests.Hosting;
using Bench.Functions.Tests.Infrastructure;
using Npgsql;

namespace Bench.Functions.Tests.Jobs;

/// <summary>
/// <c>reanalyze</c> run as a separate process against a real database and queue (no consumer runs, so
/// what it publishes stays on the queue to be read back).
/// </summary>
public sealed class ReanalyzeCommandTests(AppServers servers) : IClassFixture<AppServers>
{
    private static readonly Guid AliceDone = Guid.CreateVersion7();
    private static readonly Guid AliceFailedOnLumi = Guid.CreateVersion7();
    private static readonly Guid AliceRunning = Guid.CreateVersion7();
    private static readonly Guid AliceOlderVersion = Guid.CreateVersion7();
    private static readonly Guid BobDone = Guid.CreateVersion7();

    [Fact]
    public async Task FinishedUploadsOfTheUserOrJobGoBackOnTheQueueAndOthersAreUntouched()
    {
        var settings = servers.Settings();
        var migrate = await CliProcess.RunAsync(AppContext.BaseDirectory, settings, "migrate");
        Assert.True(migrate.ExitCode == 0, migrate.Stderr);
        await InsertAsync(AliceOlderVersion, "alice", "alice/flops_77.csv", "e0", "succeeded", "", "77", createdMinutesAgo: 60);
        await InsertAsync(AliceDone, "alice", "alice/flops_77.csv", "e1", "succeeded", "", "77", createdMinutesAgo: 30);
        await InsertAsync(AliceFailedOnLumi, "alice", "alice/77_batch_cn1.h5", "e2", "failed", "lumi", "77", createdMinutesAgo: 30, error: "broken");
        await InsertAsync(AliceRunning, "alice", "alice/78_batch_cn1.h5", "e3", "running", "", "78", createdMinutesAgo: 5);
        await InsertAsync(BobDone, "bob00", "bob00/flops_77.csv", "e4", "succeeded", "", "77", createdMinutesAgo: 30);

        // One job first (77 on lumi: the failed upload only), then the rest of the user's.
        var job = await CliProcess.RunAsync(AppContext.BaseDirectory, settings, "reanalyze", "--user", "alice", "--job", "77@lumi");
        var user = await CliProcess.RunAsync(AppContext.BaseDirectory, settings, "reanalyze", "--user", "Alice"); // as she logs in: any case

        Assert.True(job.ExitCode == 0, job.Stdout + job.Stderr);
        Assert.StartsWith("reanalyze: 1 upload(s) queued again, 1 published, 0 not confirmed", job.Stdout, StringComparison.Ordinal);
        Assert.True(user.ExitCode == 0, user.Stdout + user.Stderr);
        // alice's newest flops_77.csv; the lumi upload is queued already and 78 is running: both left as they are.
        Assert.StartsWith("reanalyze: 1 upload(s) queued again, 1 published, 0 not confirmed (the sweeper publishes them); 2 already queued or running", user.Stdout, StringComparison.Ordinal);
        foreach (var id in new[] { AliceDone, AliceFailedOnLumi })
        {
            var (state, origin, attempts, error, published) = await RowAsync(id);
            Assert.Equal(("queued", "reanalyze", 0, null, true), (state, origin, attempts, error, published));
        }

        Assert.Equal("running", (await RowAsync(AliceRunning)).State);
        Assert.Equal(("succeeded", "webhook", 1), TakeThree(await RowAsync(AliceOlderVersion)));
        Assert.Equal(("succeeded", "webhook", 1), TakeThree(await RowAsync(BobDone)));
        Assert.Equal([AliceFailedOnLumi, AliceDone], await DrainQueueAsync());
    }

    [Theory]
    [InlineData(new string[0], "give --all, or --user NAME")]
    [InlineData(new[] { "--all", "--user", "alice" }, "give --all, or --user NAME")]
    [InlineData(new[] { "--all", "--job", "77" }, "--job needs --user")]
    [InlineData(new[] { "--user", "alice", "--job", "lumi@77" }, "--job must be <slurm_job_id> or <slurm_job_id>@<cluster>, got 'lumi@77'")]
    public async Task BadUsageExitsWithTwoAndSaysWhy(string[] args, string expected)
    {
        var run = await CliProcess.RunAsync(AppContext.BaseDirectory, ["reanalyze", .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
    }

    private static (string, string, int) TakeThree((string State, string Origin, int Attempts, string? Error, bool Published) row) =>
        (row.State, row.Origin, row.Attempts);

    private async Task InsertAsync(Guid id, string owner, string key, string etag, string state, string cluster, string slurmJobId, int createdMinutesAgo, string? error = null)
    {
        await using var connection = await servers.OpenDatabaseAsync();
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO analysis_jobs (id, bucket, object_key, etag, owner, origin, state, attempts, error, cluster, slurm_job_id, kind,
                                       attempt_token, lease_until, created_at, published_at, finished_at)
            VALUES (@id, @bucket, @key, @etag, @owner, 'webhook', @state, 1, @error, @cluster, @job,
                    CASE WHEN @key LIKE '%.csv' THEN 'perf' ELSE 'profile' END,
                    CASE WHEN @state = 'running' THEN gen_random_uuid() END, CASE WHEN @state = 'running' THEN now() + interval '1 hour' END,
                    now() - make_interval(mins => @ago), now() - make_interval(mins => @ago),
                    CASE WHEN @state IN ('succeeded', 'failed') THEN now() - make_interval(mins => @ago) END)
            """, connection);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("bucket", servers.BucketName);
        insert.Parameters.AddWithValue("key", key);
        insert.Parameters.AddWithValue("etag", etag);
        insert.Parameters.AddWithValue("owner", owner);
        insert.Parameters.AddWithValue("state", state);
        insert.Parameters.AddWithValue("error", (object?)error ?? DBNull.Value);
        insert.Parameters.AddWithValue("cluster", cluster);
        insert.Parameters.AddWithValue("job", slurmJobId);
        insert.Parameters.AddWithValue("ago", createdMinutesAgo);
        await insert.ExecuteNonQueryAsync();
    }

    private async Task<(string State, string Origin, int Attempts, string? Error, bool Published)> RowAsync(Guid id)
    {
        await using var connection = await servers.OpenDatabaseAsync();
        await using var select = new NpgsqlCommand(
            "SELECT state, origin, attempts, error, published_at > now() - interval '5 minutes' AND publish_count = 1 FROM analysis_jobs WHERE id = @id", connection);
        select.Parameters.AddWithValue("id", id);
        await using var reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3), !reader.IsDBNull(4) && reader.GetBoolean(4));
    }

    /// <summary>The job ids of every message on the class's queue, in queue order (the publisher confirmed them before the command exited).</summary>
    private async Task<List<Guid>> DrainQueueAsync()
    {
        await using var connection = await RabbitMqFixture.CreateConnectionFactory().CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var ids = new List<Guid>();
        while (await channel.BasicGetAsync(servers.QueueName, autoAck: true) is { } message)
        {
            using var body = JsonDocument.Parse(message.Body);
            ids.Add(body.RootElement.GetProperty("job_id").GetGuid());
        }

        return ids;
    }
}
