using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bench.Functions.Tests.Hdf5;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Slurm.Sample;

namespace Bench.Functions.Tests.Report;

/// <summary><c>analyze --report</c> run as a separate process on real files: the page's embedded data against <c>--json</c>.</summary>
public sealed partial class ReportCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A merged profile: each node draws its constant power once a second for <paramref name="seconds"/>.</summary>
    private string ConstantProfile(string name, int seconds, params (string Node, ulong Watts)[] nodes)
    {
        var path = _dir.File(name);
        using var b = SlurmFileBuilder.Merged(path);
        foreach (var (nodeName, watts) in nodes)
        {
            using var node = b.AddNode("batch", nodeName);
            var epoch = Enumerable.Range(0, seconds + 1).Select(i => 1_700_000_000UL + (ulong)i).ToArray();
            node.WriteEnergy([H5FieldSpec.U64("ElapsedTime"), H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("NodePower")],
                epoch.Select(t => t - epoch[0]).ToArray(), epoch, epoch.Select(_ => watts).ToArray());
        }

        return path;
    }

    internal static JsonObject EmbeddedData(string html)
    {
        var blocks = DataBlock().Matches(html);
        var block = Assert.Single(blocks);
        return JsonNode.Parse(block.Groups[1].Value)!.AsObject();
    }

    [Fact]
    public async Task ReportHoldsTheFiguresOfJsonAndEachNodesSeriesAndFetchesNothing()
    {
        var path = ConstantProfile("job_91.h5", 3600, ("cn001", 1000), ("cn002", 500));
        var report = _dir.File("out/report.html");

        var run = await CliProcess.RunAsync(_dir.Path, "analyze", path, "--json", "--report", report, "--price", "fixed:100");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var json = Assert.Single(JsonNode.Parse(run.Stdout)!.AsArray())!.AsObject();
        var html = await File.ReadAllTextAsync(report);
        var data = EmbeddedData(html);
        var job = data["job"]!.AsObject();
        foreach (var (name, value) in json)
        {
            if (name != "per_file")
            {
                Assert.True(JsonNode.DeepEquals(value, job[name]), $"{name}: --json {value?.ToJsonString()} but report {job[name]?.ToJsonString()}");
            }
        }

        // By hand: 1000 W and 500 W for 3600 s.
        Assert.Equal(5_400_000, job["energy_to_solution_j"]!.GetValue<double>(), 6);
        Assert.Equal("91", job["id"]!.GetValue<string>());
        var series = data["series"]!.AsObject();
        var nodes = series["nodes"]!.AsArray().Select(n => n!.AsObject()).ToArray();
        Assert.Equal(["cn001", "cn002"], nodes.Select(n => n["node"]!.GetValue<string>()));
        Assert.Equal(2000, series["points"]!.GetValue<int>());
        foreach (var (node, watts) in nodes.Zip(new[] { 1000.0, 500.0 }))
        {
            Assert.Equal(3601, node["samples"]!.GetValue<int>());
            Assert.Equal(2000, node["elapsed_s"]!.AsArray().Count);
            Assert.All(node["power_w"]!.AsArray(), p => Assert.Equal(watts, p!.GetValue<double>()));
            Assert.Equal(3600, node["elapsed_s"]!.AsArray()[^1]!.GetValue<double>());
            Assert.Equal(watts * 3600, node["energy_j"]!.AsArray()[^1]!.GetValue<double>());
            Assert.Equal(watts * 3600 / 3.6e9 * 100, node["cost_eur"]!.AsArray()[^1]!.GetValue<double>(), 6);
        }

        Assert.Equal(100, nodes[0]["price_eur_per_mwh"]!.AsArray()[0]!.GetValue<double>());
        Assert.DoesNotMatch("(?i)https?://", html);
        Assert.Contains("default-src 'none'", html);
        Assert.Contains("<script>", html);
        Assert.DoesNotContain("<script src", html);
        Assert.DoesNotContain("<link", html);
    }

    [Fact]
    public async Task SeveralJobsGetAReportEachNamedByTheirJobId()
    {
        var a = ConstantProfile("job_101.h5", 60, ("cn001", 100));
        var b = ConstantProfile("job_102.h5", 60, ("cn001", 200));

        var run = await CliProcess.RunAsync(_dir.Path, "analyze", a, b, "--report", "report.html", "--no-progress");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.False(File.Exists(_dir.File("report.html")));
        var first = EmbeddedData(await File.ReadAllTextAsync(_dir.File("report-101.html")))["job"]!;
        var second = EmbeddedData(await File.ReadAllTextAsync(_dir.File("report-102.html")))["job"]!;
        Assert.Equal(6000, first["energy_to_solution_j"]!.GetValue<double>(), 6);
        Assert.Equal(12000, second["energy_to_solution_j"]!.GetValue<double>(), 6);
    }

    [Fact]
    public async Task ALargeJobsReportStaysUnderFourMegabytesWithAtMost2000PointsPerNode()
    {
        var sample = await CliProcess.RunAsync(_dir.Path, "sample", "big.h5", "--nodes", "64", "--hours", "24", "--energy-interval", "20", "--task-interval", "600", "--no-io");
        Assert.True(sample.ExitCode == 0, sample.Stderr);

        var run = await CliProcess.RunAsync(_dir.Path, "analyze", "big.h5", "--json", "--report", "big.html", "--price", "fixed:90", "--no-progress");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var size = new FileInfo(_dir.File("big.html")).Length;
        Assert.True(size < 4 * 1024 * 1024, $"report is {size:N0} bytes");
        var data = EmbeddedData(await File.ReadAllTextAsync(_dir.File("big.html")));
        var nodes = data["series"]!["nodes"]!.AsArray();
        Assert.Equal(64, nodes.Count);
        Assert.All(nodes, n => Assert.InRange(n!["elapsed_s"]!.AsArray().Count, 700, 2000));
        // Every 20 s for 24 h; the first node also holds the batch step's own samples, between step 0's.
        Assert.All(nodes.Skip(1), n => Assert.Equal(24 * 3600 / 20, n!["samples"]!.GetValue<int>()));
        Assert.InRange(nodes[0]!["samples"]!.GetValue<int>(), 24 * 3600 / 20, 2 * 24 * 3600 / 20 + 1);
        var json = Assert.Single(JsonNode.Parse(run.Stdout)!.AsArray())!;
        Assert.Equal(json["energy_to_solution_j"]!.GetValue<double>(), data["job"]!["energy_to_solution_j"]!.GetValue<double>());
    }

    [Fact]
    public async Task AReportThatCannotBeWrittenIsAnErrorNamingThePath()
    {
        var path = ConstantProfile("job_103.h5", 60, ("cn001", 100));
        var blocker = _dir.File("taken");
        await File.WriteAllTextAsync(blocker, "a file, not a directory");

        var run = await CliProcess.RunAsync(_dir.Path, "analyze", path, "--report", Path.Combine(blocker, "report.html"), "--no-progress");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("cannot write the report", run.Stderr);
        Assert.Contains(Path.Combine(blocker, "report.html"), run.Stderr.Replace("\n", string.Empty));
    }

    [GeneratedRegex("<script type=\"application/json\" id=\"bench-job\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataBlock();
}
