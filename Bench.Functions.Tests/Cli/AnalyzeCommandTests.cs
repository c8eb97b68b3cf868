using System.Text.Json;
using Bench.Functions.Tests.Hdf5;
using Bench.Functions.Tests.SlurmJobs;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Slurm.Sample;

namespace Bench.Functions.Tests.Cli;

/// <summary>The analyze command run as a separate process on real files, as a new user runs it.</summary>
public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string ConstantProfile(string name, ulong watts, int seconds) => ConstantPowerProfile.Write(_dir.File(name), watts, seconds);

    [Fact]
    public async Task JsonHasTheOriginalPipelinesNamesAndTheFiguresOfEachJob()
    {
        var path = ConstantProfile("job_77.h5", 1000, 3600);

        var run = await CliProcess.RunAsync(_dir.Path, "analyze", path, "--json", "--price", "fixed:100", "--carbon", "fixed:400");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var report = Assert.Single(JsonDocument.Parse(run.Stdout).RootElement.EnumerateArray());
        Assert.Equal([path], report.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.False(report.TryGetProperty("file", out _));
        Assert.Equal("77", report.GetProperty("slurm_job_id").GetString());
        var own = Assert.Single(report.GetProperty("per_file").EnumerateArray());
        Assert.Equal(path, own.GetProperty("file").GetString());
        Assert.Equal(3_600_000, own.GetProperty("energy_to_solution_j").GetDouble(), 6);
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
    public async Task RaplPowerIsReportedAsCpuPackagesAndDramWithoutItsBaselineRow()
    {
        // rapl: 0 W baseline at 0 s, then 200 W (the average since the previous read) each second to 60 s: 12,000 J.
        var path = _dir.File("job_78.h5");
        using (var b = SlurmFileBuilder.Merged(path))
        using (var node = b.AddNode("0", "cn001"))
        {
            var epoch = Enumerable.Range(0, 61).Select(i => 1_700_000_000UL + (ulong)i).ToArray();
            node.WriteEnergy([H5FieldSpec.U64("ElapsedTime"), H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("Power")],
                epoch.Select(t => t - epoch[0]).ToArray(), epoch, epoch.Select(t => t == epoch[0] ? 0UL : 200UL).ToArray());
        }

        var printed = await CliProcess.RunAsync(_dir.Path, "analyze", path);
        var json = await CliProcess.RunAsync(_dir.Path, "analyze", path, "--json");

        Assert.True(printed.ExitCode == 0, printed.Stderr);
        Assert.Contains("CPU packages + DRAM (rapl), not the whole node", printed.Stdout);
        Assert.Contains("12,000 J", printed.Stdout);
        var report = Assert.Single(JsonDocument.Parse(json.Stdout).RootElement.EnumerateArray());
        Assert.Equal(12_000, report.GetProperty("energy_to_solution_j").GetDouble(), 9);
        Assert.Equal("cpu_packages_dram", report.GetProperty("power_scope").GetString());
        Assert.Equal("cpu_packages_dram", Assert.Single(report.GetProperty("per_node").EnumerateArray()).GetProperty("power_scope").GetString());
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
        var elements = JsonDocument.Parse(run.Stdout).RootElement.EnumerateArray().ToArray();
        var job = Assert.Single(elements, e => e.TryGetProperty("slurm_job_id", out _));
        Assert.Equal("1", job.GetProperty("slurm_job_id").GetString());
        Assert.Equal(18_000, job.GetProperty("energy_to_solution_j").GetDouble(), 6);
        var errors = elements.Where(e => e.TryGetProperty("error", out _)).ToDictionary(e => e.GetProperty("file").GetString()!, e => e.GetProperty("error").GetString());
        Assert.Equal(2, errors.Count);
        Assert.Equal(3, elements.Length);
        Assert.Contains("random.h5", errors[random]);
        Assert.Contains("job_2.h5", errors[truncated]);
        Assert.All(elements.Where(e => e.TryGetProperty("error", out _)), e => Assert.Equal(["file", "error"], e.EnumerateObject().Select(p => p.Name)));
        var errorLines = run.Stderr.Split('\n').Where(l => l.StartsWith("x ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, errorLines.Length);
        Assert.Contains("1 of 3 file(s) analysed, 2 failed, in 1 Slurm job(s).", run.Stderr);
    }

    [Fact]
    public async Task NodeStepFilesOfADirectoryAreOneSlurmJobInTheJson()
    {
        var files = TwoNodeJob.WriteNodeStepFiles(_dir.Path);
        var other = ConstantProfile("job_88.h5", 1000, 60);
        var broken = _dir.File("77_1_cn003.h5");
        File.WriteAllBytes(broken, new byte[512]);

        var run = await CliProcess.RunAsync(_dir.Path, "analyze", _dir.Path, "--json", "--no-progress");

        Assert.Equal(1, run.ExitCode); // one file failed
        var elements = JsonDocument.Parse(run.Stdout).RootElement.EnumerateArray().ToArray();
        Assert.Equal(3, elements.Length); // job 77, job 88, the broken file
        var job = elements.Single(e => e.TryGetProperty("slurm_job_id", out var id) && id.GetString() == "77");
        Assert.Equal(["slurm_job_id", "files"], job.EnumerateObject().Take(2).Select(p => p.Name));
        Assert.Equal("per_file", job.EnumerateObject().Last().Name);
        Assert.Equal(files.Order(StringComparer.Ordinal), job.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(TwoNodeJob.JobEnergyJ, job.GetProperty("energy_to_solution_j").GetDouble(), 6);
        Assert.Equal(1200, job.GetProperty("time_to_solution_s").GetDouble());
        Assert.Equal(500, job.GetProperty("peak_power_w").GetDouble(), 9);
        Assert.Equal(2, job.GetProperty("nodes").GetInt32());
        Assert.Equal("node-step", job.GetProperty("layout").GetString());
        Assert.Equal(["batch", "0", "1"], job.GetProperty("steps").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal([360_000.0, 200_000.0], job.GetProperty("per_node").EnumerateArray().Select(n => Math.Round(n.GetProperty("energy_j").GetDouble(), 6)));
        Assert.Contains(job.GetProperty("warnings").EnumerateArray(), w => w.GetString() == "Slurm job 77: 77_1_cn003.h5 could not be read and is left out of the job");
        var perFile = job.GetProperty("per_file").EnumerateArray().ToDictionary(f => Path.GetFileName(f.GetProperty("file").GetString()!), f => f.GetProperty("energy_to_solution_j").GetDouble());
        Assert.Equal(5, perFile.Count);
        Assert.Equal(360_000, perFile["77_batch_cn001.h5"], 6);
        Assert.Equal(150_000, perFile["77_0_cn001.h5"], 6);
        Assert.Equal(80_000, perFile["77_1_cn002.h5"], 6);
        Assert.Equal(TwoNodeJob.PerFileSumJ, perFile.Values.Sum(), 6);
        var single = elements.Single(e => e.TryGetProperty("slurm_job_id", out var id) && id.GetString() == "88");
        Assert.Equal(60_000, single.GetProperty("energy_to_solution_j").GetDouble(), 6);
        var failed = elements.Single(e => e.TryGetProperty("error", out _));
        Assert.Equal(broken, failed.GetProperty("file").GetString());
        Assert.Contains("77_1_cn003.h5", failed.GetProperty("error").GetString());
        Assert.Contains("6 of 7 file(s) analysed, 1 failed, in 2 Slurm job(s).", run.Stderr);
    }

    [Fact]
    public async Task TablesPrintOneJobForItsNodeStepFiles()
    {
        var files = TwoNodeJob.WriteNodeStepFiles(_dir.Path);

        var run = await CliProcess.RunAsync(_dir.Path, "analyze", _dir.Path, files[0], "--no-progress"); // one file named twice

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Slurm job 77  (5 files)", run.Stdout);
        Assert.Contains("560,000 J (155.556 Wh)", run.Stdout);
        Assert.Contains("77_batch_cn001.h5", run.Stdout);
        Assert.Single(run.Stdout.Split('\n'), l => l.Contains("Slurm job", StringComparison.Ordinal));
        Assert.Contains("5 of 5 file(s) analysed, in 1 Slurm job(s).", run.Stderr);
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
