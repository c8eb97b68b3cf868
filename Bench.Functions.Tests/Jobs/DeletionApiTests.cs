using System.Net;
using Amazon.S3.Model;
using Bench.Functions.Tests.Hosting;

namespace Bench.Functions.Tests.Jobs;

/// <summary>
/// DELETE /jobs/{id} and DELETE /storage/object (/files/object): objects in S3, result tables in pg_tables,
/// rows and tombstones, checked where they live.
/// </summary>
public sealed class DeletionApiTests(JobsFixture fixture) : SeededJobsTests(fixture), IClassFixture<JobsFixture>
{
    [Fact]
    public async Task DeletingAJobRemovesItsObjectsTablesAndRowsLeavesATombstoneAndSparesTheRest()
    {
        var (alice, _, tokens) = await App.RegisterAsync();
        var (_, _, bobTokens) = await App.RegisterAsync();
        var doomed = await Seeder.SeedAsync(alice, 4001, [("cn001", 300), ("cn002", 200)], 600, cluster: "lumi", putObjects: true);
        var kept = await Seeder.SeedAsync(alice, 4002, [("cn001", 100)], 100, putObjects: true);

        using (var bobs = await App.Client.SendAsync(App.Authorized(HttpMethod.Delete, "/jobs/4001@lumi", bobTokens.Access)))
        {
            await Problem.AssertAsync(bobs, HttpStatusCode.NotFound);
        }

        Assert.Equal(doomed.ObjectKeys.Concat(kept.ObjectKeys).Order(), await ObjectsAsync(alice));

        using (var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Delete, "/jobs/4001@lumi", tokens.Access)))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        Assert.Equal(kept.ObjectKeys, await ObjectsAsync(alice));
        await AssertGoneAsync(doomed);
        await AssertPresentAsync(kept);
        Assert.Equal(1, await CountAsync("SELECT count(*)::int FROM slurm_job_deletions WHERE owner = $1 AND cluster = 'lumi' AND slurm_job_id = '4001'", alice));

        using var again = await App.Client.SendAsync(App.Authorized(HttpMethod.Delete, "/jobs/4001@lumi", tokens.Access));
        await Problem.AssertAsync(again, HttpStatusCode.NotFound);
        using var get = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/jobs/4001@lumi", tokens.Access));
        await Problem.AssertAsync(get, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ADeletionInterruptedAfterTheObjectsWentIsFinishedByARetry()
    {
        var (alice, _, tokens) = await App.RegisterAsync();
        var job = await Seeder.SeedAsync(alice, 4101, [("cn001", 300), ("cn002", 200)], 600, putObjects: true);
        // The crash: the first step (objects) happened, the database step did not.
        using (var s3 = Fixture.Servers.S3Client())
        {
            foreach (var key in job.ObjectKeys)
            {
                await s3.DeleteObjectAsync(Fixture.Servers.BucketName, key);
            }
        }

        using var retry = await App.Client.SendAsync(App.Authorized(HttpMethod.Delete, "/jobs/4101", tokens.Access));
        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        await AssertGoneAsync(job);

        using var objectRetry = await App.Client.SendAsync(App.Authorized(HttpMethod.Delete, "/storage/object?object_name=" + FileName(job.ObjectKeys[0]), tokens.Access));
        await Problem.AssertAsync(objectRetry, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeletingAnObjectReassemblesItsJobWithoutItAndTheLastObjectRemovesTheJob()
    {
        var (alice, _, tokens) = await App.RegisterAsync();
        var job = await Seeder.SeedAsync(alice, 4201, [("cn001", 300), ("cn002", 200)], 600, putObjects: true);
        var generation = await Fixture.ScalarAsync<long>("SELECT generation FROM slurm_job_status WHERE owner = $1 AND slurm_job_id = '4201'", alice);

        using (var first = await App.Client.SendAsync(App.Authorized(HttpMethod.Delete, "/storage/object?object_name=" + FileName(job.ObjectKeys[0]), tokens.Access)))
        {
            Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        }

        Assert.Equal([job.ObjectKeys[1]], await ObjectsAsync(alice));
        Assert.False(await TableExistsAsync(job.FileTables[0]));
        Assert.True(await TableExistsAsync(job.FileTables[1]));
        Assert.Equal(0, await CountAsync("SELECT count(*)::int FROM analysis_jobs WHERE object_key = $1", job.ObjectKeys[0]));
        Assert.Equal(0, await CountAsync("SELECT count(*)::int FROM job_summaries WHERE source LIKE '%' || $1", job.ObjectKeys[0]));
        Assert.Equal(generation + 1, await Fixture.ScalarAsync<long>("SELECT generation FROM slurm_job_status WHERE owner = $1 AND slurm_job_id = '4201'", alice));

        // The deletion asks for the assembly at once: the job is analysed again over the file that is left, and
        // its energy is then that file's own (from its upload's analysis, a separate path).
        await JobTestSupport.WaitUntilAsync(
            async () => await Fixture.ScalarAsync<string>(
                "SELECT state FROM slurm_job_status WHERE owner = $1 AND slurm_job_id = '4201' AND state = 'done' AND analyzed_generation = generation", alice),
            TimeSpan.FromSeconds(90),
            "job 4201 assembled again without the deleted file");
        Assert.Equal(1, await CountAsync("SELECT files FROM slurm_job_status WHERE owner = $1 AND slurm_job_id = '4201'", alice));
        var left = await Fixture.ScalarAsync<double>("SELECT energy_to_solution_j FROM job_summaries WHERE source LIKE '%' || $1", job.ObjectKeys[1]);
        Assert.Equal(left, await Fixture.ScalarAsync<double>("SELECT energy_to_solution_j FROM slurm_jobs WHERE owner = $1 AND slurm_job_id = '4201'", alice), 6);

        using (var last = await App.Client.SendAsync(App.Authorized(HttpMethod.Delete, "/files/object?object_name=" + FileName(job.ObjectKeys[1]), tokens.Access)))
        {
            Assert.Equal(HttpStatusCode.NoContent, last.StatusCode);
        }

        Assert.Empty(await ObjectsAsync(alice));
        await AssertGoneAsync(job);
        Assert.Equal(1, await CountAsync("SELECT count(*)::int FROM slurm_job_deletions WHERE owner = $1 AND slurm_job_id = '4201'", alice));
    }

    [Fact]
    public async Task DeletingAnObjectThatNothingKnowsIsNotFoundAndABadNameIs400()
    {
        var (_, _, tokens) = await App.RegisterAsync();
        using var missing = await App.Client.SendAsync(App.Authorized(HttpMethod.Delete, "/storage/object?object_name=nothing.h5", tokens.Access));
        Assert.Equal("You have no object 'nothing.h5'.", (await Problem.AssertAsync(missing, HttpStatusCode.NotFound)).Detail());
        using var bad = await App.Client.SendAsync(App.Authorized(HttpMethod.Delete, "/storage/object", tokens.Access));
        await Problem.AssertAsync(bad, HttpStatusCode.BadRequest);
    }

    private static string FileName(string key) => key[(key.LastIndexOf('/') + 1)..];

    private async Task AssertGoneAsync(SeededJob job)
    {
        foreach (var table in job.FileTables.Append(job.JobTable))
        {
            Assert.False(await TableExistsAsync(table), $"table {table} still exists");
        }

        Assert.Equal(0, await CountAsync("SELECT count(*)::int FROM analysis_jobs WHERE owner = $1 AND slurm_job_id = $2", job.Owner, job.SlurmJobId));
        Assert.Equal(0, await CountAsync("SELECT count(*)::int FROM job_summaries WHERE owner = $1 AND slurm_job_id = $2", job.Owner, job.SlurmJobId));
        Assert.Equal(0, await CountAsync("SELECT count(*)::int FROM slurm_jobs WHERE owner = $1 AND slurm_job_id = $2", job.Owner, job.SlurmJobId));
        Assert.Equal(0, await CountAsync("SELECT count(*)::int FROM slurm_job_status WHERE owner = $1 AND slurm_job_id = $2", job.Owner, job.SlurmJobId));
    }

    private async Task AssertPresentAsync(SeededJob job)
    {
        foreach (var table in job.FileTables.Append(job.JobTable))
        {
            Assert.True(await TableExistsAsync(table), $"table {table} was removed");
        }

        Assert.Equal(job.ObjectKeys.Count, await CountAsync("SELECT count(*)::int FROM analysis_jobs WHERE owner = $1 AND slurm_job_id = $2", job.Owner, job.SlurmJobId));
        Assert.Equal(1, await CountAsync("SELECT count(*)::int FROM slurm_job_status WHERE owner = $1 AND slurm_job_id = $2", job.Owner, job.SlurmJobId));
    }

    private async Task<bool> TableExistsAsync(string table) =>
        await CountAsync("SELECT count(*)::int FROM pg_tables WHERE tablename = $1", table) == 1;

    private Task<int> CountAsync(string sql, params object[] parameters) => Fixture.ScalarAsync<int>(sql, parameters);

    private async Task<List<string>> ObjectsAsync(string owner)
    {
        using var s3 = Fixture.Servers.S3Client();
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Fixture.Servers.BucketName, Prefix = owner + "/" });
        return [.. (listing.S3Objects ?? []).Select(o => o.Key).Order(StringComparer.Ordinal)];
    }
}
