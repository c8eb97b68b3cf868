using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bench.Functions.Jobs;
using Bench.Functions.Tests.Contract;
using Bench.Functions.Tests.Hosting;
using Npgsql;
using static Bench.Functions.Tests.Jobs.AssemblySupport;

namespace Bench.Functions.Tests.Jobs;

/// <summary>
/// GET /jobs/{id}/series of a Slurm job assembled by the real worker: answered from the series stored with the
/// job (slurm_job_series), without its timeline table, for any resolution up to the stored one.
/// TwoNodeJob at the fixture's fixed 87.5 EUR/MWh: cn001 300 W over 0..1200 s, cn002 200 W over 100..600
/// and 700..1100 s, a sample every 10 s.
/// </summary>
public sealed class StoredSeriesApiTests(AssemblyFixture fixture) : IClassFixture<AssemblyFixture>
{
    private const double Price = 87.5;

    private JobsFixture Jobs => fixture.Jobs;

    private RunningApp App => fixture.Jobs.App;

    [Fact]
    public async Task TheAssemblyStoresEachNodesSeriesAndTheApiAnswersFromItWithoutTheTimelineTable()
    {
        var (user, _, tokens) = await App.RegisterAsync();
        foreach (var file in NodeStepFiles(9811001, "series"))
        {
            await UploadAndAnnounceAsync(App, Jobs.Servers, user, file, benchmark: null, eventMetadata: false);
        }

        Assert.Equal("done", await WaitForAssemblyAsync(Jobs, user, "9811001", uploads: 5, TimeSpan.FromSeconds(90)));
        var key = $"{user}//9811001";

        // Two nodes: 50,000 / 2 capped at 2,000 buckets of 0.6 s; samples 10 s apart each get their own.
        await using (var db = await Jobs.Servers.OpenDatabaseAsync())
        await using (var rows = new NpgsqlCommand("SELECT node, resolution, span_s, samples, cardinality(bucket) FROM slurm_job_series WHERE job_key = $1 ORDER BY node", db))
        {
            rows.Parameters.Add(new NpgsqlParameter { Value = key });
            await using var r = await rows.ExecuteReaderAsync();
            var seen = new List<(string, int, double, int, int)>();
            while (await r.ReadAsync())
            {
                seen.Add((r.GetString(0), r.GetInt32(1), r.GetDouble(2), r.GetInt32(3), r.GetInt32(4)));
            }

            Assert.Equal([("cn001", 2000, 1200.0, 121, 121), ("cn002", 2000, 1200.0, 92, 92)], seen);
        }

        // Four buckets of 300 s, by hand: the last sample of each, energy = watts x seconds since the node began.
        var four = await SeriesAsync(tokens.Access, 4);
        Assert.Equal(300.0, four.GetProperty("bucket_seconds").GetDouble(), 9);
        var table = four.GetProperty("table_name").GetString()!;
        AssertFourBuckets(four);

        // Where the count divides the stored resolution, the stored answer is the timeline query's.
        var direct = await ReadTimelineAsync(table, 400);
        var fromStore = Nodes(await SeriesAsync(tokens.Access, 400));
        Assert.Equal(direct.Select(n => n.Node), fromStore.Keys);
        foreach (var d in direct)
        {
            var s = fromStore[d.Node];
            Assert.Equal(d.Samples, s.GetProperty("samples").GetInt32());
            Assert.Equal(d.ElapsedS, Doubles(s, "elapsed_s"));
            Assert.Equal(d.PeakPowerW, Doubles(s, "peak_power_w"));
            Assert.All(d.PowerW.Zip(Doubles(s, "power_w")), p => Assert.Equal(p.First, p.Second, 0.01));
            Assert.All(d.EnergyJ.Zip(Doubles(s, "energy_j")), p => Assert.Equal(p.First, p.Second, 0.5));
            Assert.All(d.CostEur!.Zip(Doubles(s, "cost_eur")), p => Assert.Equal(p.First!.Value, p.Second, 1e-6));
            Assert.All(Doubles(s, "price_eur_per_mwh"), p => Assert.Equal(Price, p, 9));
        }

        // Without the timeline table the stored series still answers; a finer one reads the table and cannot.
        await ExecuteAsync($"ALTER TABLE \"{table}\" RENAME TO \"{table}_away\"");
        AssertFourBuckets(await SeriesAsync(tokens.Access, 4));
        Assert.Equal(121, Nodes(await SeriesAsync(tokens.Access, 2000))["cn001"].GetProperty("elapsed_s").GetArrayLength()); // the stored resolution itself
        using (var finer = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/jobs/9811001/series?points=2001", tokens.Access)))
        {
            Assert.Equal(HttpStatusCode.Conflict, finer.StatusCode);
            Assert.Contains("no longer exists", await finer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await ExecuteAsync($"ALTER TABLE \"{table}_away\" RENAME TO \"{table}\"");

        // The series goes with the job.
        using (var delete = await App.Client.SendAsync(App.Authorized(HttpMethod.Delete, "/jobs/9811001", tokens.Access)))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Assert.Equal(0L, await Jobs.ScalarAsync<long>("SELECT count(*) FROM slurm_job_series WHERE job_key = $1", key));
    }

    [Fact]
    public async Task AJobOfOneMergedFileStoresItsSeriesFromThatFilesTimelineAtAssembly()
    {
        var (user, _, tokens) = await App.RegisterAsync();
        var directory = Directory.CreateTempSubdirectory("bench-series-");
        try
        {
            var path = SlurmJobs.TwoNodeJob.WriteMergedFile(directory.FullName, "job_9811002.h5");
            await UploadAndAnnounceAsync(App, Jobs.Servers, user, new ClientFile("job_9811002.h5", await File.ReadAllBytesAsync(path)), benchmark: null, eventMetadata: false);
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        Assert.Equal("done", await WaitForAssemblyAsync(Jobs, user, "9811002", uploads: 1, TimeSpan.FromSeconds(90)));
        Assert.Equal(2L, await Jobs.ScalarAsync<long>("SELECT count(*) FROM slurm_job_series WHERE job_key = $1 AND resolution = 2000", $"{user}//9811002"));

        // The job shares its upload's job_<stem> table; without it the stored series still answers.
        var table = (await SeriesAsync(tokens.Access, 4, 9811002)).GetProperty("table_name").GetString()!;
        Assert.StartsWith("job_", table, StringComparison.Ordinal);
        await ExecuteAsync($"ALTER TABLE \"{table}\" RENAME TO \"{table}_away\"");
        AssertFourBuckets(await SeriesAsync(tokens.Access, 4, 9811002));
        await ExecuteAsync($"ALTER TABLE \"{table}_away\" RENAME TO \"{table}\"");
    }

    private static void AssertFourBuckets(JsonElement series)
    {
        var nodes = Nodes(series);
        Assert.Equal(["cn001", "cn002"], nodes.Keys);
        var a = nodes["cn001"];
        Assert.Equal(121, a.GetProperty("samples").GetInt32());
        Assert.Equal([290.0, 590, 890, 1200], Doubles(a, "elapsed_s"));
        Assert.Equal([300.0, 300, 300, 300], Doubles(a, "power_w"));
        Assert.Equal([300.0, 300, 300, 300], Doubles(a, "peak_power_w"));
        Assert.Equal([87_000.0, 177_000, 267_000, 360_000], Doubles(a, "energy_j"));
        Assert.All(new[] { 87_000.0, 177_000, 267_000, 360_000 }.Zip(Doubles(a, "cost_eur")), p => Assert.Equal(p.First / 3.6e9 * Price, p.Second, 1e-6));
        Assert.Equal([Price, Price, Price, Price], Doubles(a, "price_eur_per_mwh"));

        // cn002 from 100 s; its 600..700 s gap bridged at 200 W: at 890 s 200 W x 790 s.
        var b = nodes["cn002"];
        Assert.Equal(92, b.GetProperty("samples").GetInt32());
        Assert.Equal([290.0, 590, 890, 1100], Doubles(b, "elapsed_s"));
        Assert.Equal([200.0, 200, 200, 200], Doubles(b, "power_w"));
        Assert.Equal([38_000.0, 98_000, 158_000, 200_000], Doubles(b, "energy_j"));
        Assert.All(new[] { 38_000.0, 98_000, 158_000, 200_000 }.Zip(Doubles(b, "cost_eur")), p => Assert.Equal(p.First / 3.6e9 * Price, p.Second, 1e-6));
    }

    private async Task<JsonElement> SeriesAsync(string token, int points, long job = 9811001)
    {
        using var response = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, $"/jobs/{job}/series?points={points}", token));
        await ResponseShapes.AssertMatchesAsync(response, "/jobs/{id}/series", "GET");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<IReadOnlyList<NodeSeries>> ReadTimelineAsync(string table, int points)
    {
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(Jobs.Servers.Admin.ConnectionString) { Database = Jobs.Servers.DatabaseName }.ConnectionString);
        var (_, nodes) = await new JobResultsReader(dataSource).ReadSeriesAsync(table, points, CancellationToken.None);
        return nodes;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var db = await Jobs.Servers.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }

    private static Dictionary<string, JsonElement> Nodes(JsonElement series) =>
        series.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("node").GetString()!);

    private static double[] Doubles(JsonElement node, string name) =>
        [.. node.GetProperty(name).EnumerateArray().Select(v => v.GetDouble())];
}
