using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bench.Functions.Tests.Contract;
using Bench.Functions.Tests.Hosting;
using Npgsql;

namespace Bench.Functions.Tests.Jobs;

/// <summary>GET /jobs?since=: changes oldest first, tombstones of deleted jobs, and no change missed when a writer commits late.</summary>
public sealed class JobChangesTests(JobsFixture fixture) : SeededJobsTests(fixture), IClassFixture<JobsFixture>
{
    [Fact]
    public async Task APollerSeesChangesOldestFirstThenTombstonesAndNothingTwiceWhenNothingChanged()
    {
        var (alice, _, tokens) = await App.RegisterAsync();
        var (bob, _, _) = await App.RegisterAsync();
        await Seeder.SeedAsync(alice, 2001, [("cn001", 100)], 100);
        var start = (await GetAsync(tokens.Access, "/jobs")).GetProperty("next_since").GetString()!;

        var quiet = await GetAsync(tokens.Access, "/jobs?since=" + start);
        Assert.Empty(quiet.GetProperty("jobs").EnumerateArray());
        Assert.Empty(quiet.GetProperty("deleted").EnumerateArray());

        await Seeder.SeedAsync(alice, 2002, [("cn001", 100)], 100);
        await Seeder.SeedAsync(bob, 2009, [("cn001", 100)], 100);
        await Seeder.UpsertStatusAsync(alice, "", "2001", null, files: 1);
        await Seeder.SeedAsync(alice, 2003, [("cn001", 100)], 100, cluster: "lumi");

        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/jobs?since=" + start, tokens.Access));
        await ResponseShapes.AssertMatchesAsync(response, "/jobs", "GET");
        var changes = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["2002", "2001", "2003@lumi"], SlurmJobsApiTests.Ids(changes));

        // A page of one at a time walks the same changes in the same order.
        var walked = new List<string>();
        var since = start;
        for (var i = 0; i < 5; i++)
        {
            var page = await GetAsync(tokens.Access, $"/jobs?limit=1&since={since}");
            walked.AddRange(SlurmJobsApiTests.Ids(page));
            since = page.GetProperty("next_since").GetString()!;
        }

        Assert.Equal(["2002", "2001", "2003@lumi"], walked);

        using var delete = await App.Client.SendAsync(App.Authorized(HttpMethod.Delete, "/jobs/2002", tokens.Access));
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var after = await GetAsync(tokens.Access, "/jobs?since=" + changes.GetProperty("next_since").GetString());
        Assert.Empty(after.GetProperty("jobs").EnumerateArray());
        Assert.Equal(["2002"], SlurmJobsApiTests.Ids(after, "deleted"));

        var settled = await GetAsync(tokens.Access, "/jobs?since=" + after.GetProperty("next_since").GetString());
        Assert.Empty(settled.GetProperty("jobs").EnumerateArray());
        Assert.Empty(settled.GetProperty("deleted").EnumerateArray());
    }

    [Fact]
    public async Task APollWaitsForAWriterThatDrewItsChangeBeforeAnswering()
    {
        var (alice, _, tokens) = await App.RegisterAsync();
        var start = (await GetAsync(tokens.Access, "/jobs")).GetProperty("next_since").GetString()!;

        // Writer A draws its change token and holds its transaction open; writer B queues behind it.
        await using var connection = await Seeder.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await SlurmJobSeeder.WriteStatusAsync(connection, transaction, alice, "", "2101", null, files: 1);
        var writerB = Seeder.UpsertStatusAsync(alice, "", "2102", null, files: 1);
        await WaitForWaitingAdvisoryLocksAsync(1);

        var poll = App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/jobs?since=" + start, tokens.Access));
        await WaitForWaitingAdvisoryLocksAsync(2);
        Assert.False(poll.IsCompleted, "the poll answered while a writer that drew a change token had not committed");
        Assert.False(writerB.IsCompleted);

        await transaction.CommitAsync();
        await writerB;
        using var response = await poll;
        var first = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("2101", SlurmJobsApiTests.Ids(first));

        var seen = SlurmJobsApiTests.Ids(first).ToHashSet();
        var next = await GetAsync(tokens.Access, "/jobs?since=" + first.GetProperty("next_since").GetString());
        seen.UnionWith(SlurmJobsApiTests.Ids(next));
        Assert.Equal(["2101", "2102"], seen.Order());
    }

    /// <summary>Waits until <paramref name="count"/> sessions wait on an advisory lock (the change lock: the only one taken outside migrations).</summary>
    private async Task WaitForWaitingAdvisoryLocksAsync(int count) =>
        await JobTestSupport.WaitUntilAsync<object>(async () =>
        {
            await using var connection = await Seeder.DataSource.OpenConnectionAsync();
            await using var command = new NpgsqlCommand("SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", connection);
            return (int)(await command.ExecuteScalarAsync())! >= count ? new object() : null;
        }, TimeSpan.FromSeconds(30), $"{count} sessions waiting on the change lock");

    private async Task<JsonElement> GetAsync(string accessToken, string path)
    {
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, path, accessToken));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
