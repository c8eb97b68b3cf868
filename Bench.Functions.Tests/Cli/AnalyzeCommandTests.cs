using System.Text.Json;
using Bench.Functions.Tests.Hdf5;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Slurm.Sample;

namespace Bench.Functions.Tests.Cli;

/// <summary>The analyze command run as a separate process on real files, as a new user runs it.</summary>
public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string ConstantProfile(string name, ulong watts, int seconds)
    {
        var path = _dir.File(name);
        using var b = SlurmFileBuilder.Merged(path);
        using var node = b.AddNode("batch", "cn001");
        var epoch = Enumerable.Range(0, seconds + 1).Select(i => 1_700_000_000UL + (ulong)i).ToArray();
        node.WriteEnergy([H5FieldSpec.U64("ElapsedTime"), H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("NodePower")],
            epoch.Select(t => t - epoch[0]).ToArray(), epoch, epoch.Select(_ => watts).ToArray());
        return path;
    }

    [Fact]
    public async Task JsonHasTheOriginalPipelinesNamesAndTheFiguresOfEachFile()
    {
        var path = ConstantProfile("job_77.h5", 1000, 3600);

        var run = await CliProcess.RunAsync(_dir.Path, "analyze", path, "--json", "--price", "fixed:100", "--carbon", "fixed:400");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var report = Assert.Single(JsonDocument.Parse(run.Stdout).RootElement.EnumerateArray());
        Assert.Equal(path, report.GetProperty("file").GetString());
        Assert.Equal("77", report.GetProperty("slurm_job_id").GetString());
        Assert.Equal(3_600_000, report.GetProperty("energy_to_solution_j").GetDouble(), 6);
        Assert.Equal(3600, report.GetProperty("time_to_solution_s").GetDouble());
        Assert.Equal(1000, report.GetProperty("average_power_w").GetDouble(), 9);
        Assert.Equal(1000, report.GetProperty("peak_power_w").GetDouble(), 9);
        Assert.Equal(0, report.GetProperty("peak_power_time_s").GetDouble());
        Assert.Equal(3_600_000.0 * 3600, report.GetProperty("energy_delay_product").GetDouble(), 1);
        Assert.Equal(0.10, report.GetProperty("cost_eur").GetDouble(), 12);
        Assert.Equal(400, report.GetProperty("co2_g").GetDouble(), 9);
        Assert.Equal(1, report.GetProperty("nodes").GetInt32());
        Assert.Equal(["batch"], report.GetProperty("steps").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("kettle", report.GetProperty("appliance_name").GetString());
        Assert.Equal(30, report.GetProperty("appliance_amount").GetDouble());
        Assert.Equal("minutes", report.GetProperty("appliance_unit").GetString());
        Assert.Equal("about the same energy as a kettle for 30 minutes", report.GetProperty("appliance_description").GetString());
        var node = Assert.Single(report.GetProperty("per_node").EnumerateArray());
        Assert.Equal("cn001", node.GetProperty("node").GetString());
        Assert.Equal(3_600_000, node.GetProperty("energy_j").GetDouble(), 6);
        Assert.Equal(0, report.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public async Task OneBadFileGetsOneLineAndTheOthersAreStillAnalysed()
    {
        var good = ConstantProfile("job_1.h5", 300, 60);
        var random = _dir.File("random.h5");
        File.WriteAllBytes(random, Enumerable.Range(0, 4096).Select(i => (byte)(i * 37)).ToArray());
        var truncated = _dir.File("job_2.h5");
        var full = File.ReadAllBytes(ConstantProfile("job_3.h5", 300, 600));
        File.WriteAllBytes(truncated, full[..(full.Length / 2)]);
        File.Delete(_dir.File("job_3.h5"));

        var run = await CliProcess.RunAsync(_dir.Path, "analyze", _dir.Path, "--json", "--no-progress");

        Assert.Equal(1, run.ExitCode);
        var reports = JsonDocument.Parse(run.Stdout).RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("file").GetString()!);
        Assert.Equal(18_000, reports[good].GetProperty("energy_to_solution_j").GetDouble(), 6);
        Assert.Contains("random.h5", reports[random].GetProperty("error").GetString());
        Assert.Contains("job_2.h5", reports[truncated].GetProperty("error").GetString());
        var errorLines = run.Stderr.Split('\n').Where(l => l.StartsWith("x ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, errorLines.Length);
        Assert.Contains("1 of 3 file(s) analysed, 2 failed.", run.Stderr);
    }

    [Fact]
    public async Task TablesNameTheJobAndItsFigures()
    {
        var path = ConstantProfile("job_5.h5", 2000, 600);

        var run = await CliProcess.RunAsync(_dir.Path, "analyze", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Slurm job 5", run.Stdout);
        Assert.Contains("1,200,000 J (333.333 Wh)", run.Stdout);
        Assert.Contains("about the same energy as a kettle for 10 minutes", run.Stdout);
    }

    [Theory]
    [InlineData(new[] { "analyze" }, "bench analyze: Required argument 'file|dir' missing for command: 'analyze'.")]
    [InlineData(new[] { "analyze", "x.h5", "--price", "free" }, "--price")]
    [InlineData(new[] { "analyze", "x.h5", "--bogus" }, "unknown option '--bogus'")]
    public async Task BadUsageExitsWithTwoAndSaysWhy(string[] args, string expected)
    {
        var run = await CliProcess.RunAsync(_dir.Path, args);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Stderr);
    }

    [Fact]
    public async Task AMissingFileIsReportedAndFailsTheRun()
    {
        var run = await CliProcess.RunAsync(_dir.Path, "analyze", _dir.File("nope.h5"), "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no such file or directory", run.Stdout);
    }
}
