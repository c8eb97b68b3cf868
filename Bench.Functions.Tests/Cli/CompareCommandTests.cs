using System.Text.Json;
using Bench.Functions.Tests.Hdf5;
using Bench.Functions.Tests.SlurmJobs;
using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Slurm.Sample;

namespace Bench.Functions.Tests.Cli;

/// <summary>The compare command run as a separate process on real files: deltas by hand, and exit 2 unless each side is one job.</summary>
public sealed class CompareCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A merged profile of one node drawing <paramref name="watts"/> for <paramref name="seconds"/>: energy watts x seconds.</summary>
    private string ConstantProfile(string name, ulong watts, int seconds) => ConstantPowerProfile.Write(_dir.File(name), watts, seconds);

    [Fact]
    public async Task TwoRunsGiveDeltasByHandAndTheSentence()
    {
        var a = ConstantProfile("job_9799476.h5", 880, 1000);
        var b = ConstantProfile("job_9646276.h5", 1000, 1000);

        var run = await CliProcess.RunAsync(_dir.Path, "compare", a, b, "--json", "--price", "fixed:100");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var result = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal("9799476", result.GetProperty("job").GetProperty("id").GetString());
        Assert.Equal(880_000, result.GetProperty("job").GetProperty("energy_to_solution_j").GetDouble(), 6);
        var energy = result.GetProperty("deltas").GetProperty("energy_to_solution_j");
        // 880 W vs 1000 W for 1000 s: -120,000 J, -12 %; cost at 100 EUR/MWh: -120,000 / 3.6e9 x 100 EUR.
        Assert.Equal(-120_000, energy.GetProperty("absolute").GetDouble(), 6);
        Assert.Equal(-12, energy.GetProperty("percent").GetDouble(), 9);
        Assert.Equal(-120_000 / 3.6e9 * 100, result.GetProperty("deltas").GetProperty("cost_eur").GetProperty("absolute").GetDouble(), 12);
        Assert.Equal("used 12% less energy than run 9646276", result.GetProperty("sentence").GetString());
        Assert.False(result.GetProperty("pipeline_versions_differ").GetBoolean());

        var table = await CliProcess.RunAsync(_dir.Path, "compare", a, b);
        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Contains("Run 9799476 used 12% less energy than run 9646276.", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADirectoryOfNodeStepFilesIsOneJob()
    {
        var job = Directory.CreateDirectory(Path.Combine(_dir.Path, "job77")).FullName;
        TwoNodeJob.WriteNodeStepFiles(job);
        var merged = TwoNodeJob.WriteMergedFile(_dir.Path);

        var run = await CliProcess.RunAsync(_dir.Path, "compare", job, merged, "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        var result = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal(TwoNodeJob.JobEnergyJ, result.GetProperty("job").GetProperty("energy_to_solution_j").GetDouble(), 6);
        Assert.Equal(0, result.GetProperty("deltas").GetProperty("energy_to_solution_j").GetProperty("absolute").GetDouble(), 6);
        Assert.Equal("used the same energy as run 77", result.GetProperty("sentence").GetString());

        // A file pattern the shell passed unexpanded: the node-step files of cn001 alone (batch 0-1200 s, steps 0 and 1 inside it at 300 W).
        var pattern = await CliProcess.RunAsync(_dir.Path, "compare", Path.Combine(job, "77_*_cn001.h5"), merged, "--json");
        Assert.True(pattern.ExitCode == 0, pattern.Stderr);
        var cn001 = JsonDocument.Parse(pattern.Stdout).RootElement;
        Assert.Equal(360_000, cn001.GetProperty("job").GetProperty("energy_to_solution_j").GetDouble(), 6);
        Assert.Equal(-200_000, cn001.GetProperty("deltas").GetProperty("energy_to_solution_j").GetProperty("absolute").GetDouble(), 6);
    }

    [Fact]
    public async Task AnArgumentThatIsNotExactlyOneJobIsExit2SayingWhy()
    {
        var a = ConstantProfile("job_1.h5", 100, 10);
        ConstantProfile("job_2.h5", 100, 10);

        var several = await CliProcess.RunAsync(_dir.Path, "compare", _dir.Path, a);
        Assert.Equal(2, several.ExitCode);
        Assert.Contains($"'{_dir.Path}' resolves to 2 Slurm jobs (1, 2)", several.Stderr, StringComparison.Ordinal);

        var none = await CliProcess.RunAsync(_dir.Path, "compare", a, Path.Combine(_dir.Path, "missing.h5"));
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("missing.h5': no such file or directory", none.Stderr, StringComparison.Ordinal);

        var pattern = await CliProcess.RunAsync(_dir.Path, "compare", a, Path.Combine(_dir.Path, "nothing_*.h5"));
        Assert.Equal(2, pattern.ExitCode);
        Assert.Contains("matches no .h5 file", pattern.Stderr, StringComparison.Ordinal);
    }
}
