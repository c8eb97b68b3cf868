using Bench.Functions.Cli;
using Bench.Functions.Tests.Hdf5;
using Bench.Pipeline.Slurm;
using Bench.Pipeline.Slurm.Sample;

namespace Bench.Functions.Tests.Slurm;

public sealed class SampleCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(new string[0], "Required argument 'out.h5|out-dir' missing for command: 'sample'.")]
    [InlineData(new[] { "a.h5", "b.h5" }, "unexpected argument 'b.h5'")]
    [InlineData(new[] { "a.h5", "--frobnicate", "1" }, "unknown option '--frobnicate'")]
    [InlineData(new[] { "a.h5", "--nodes" }, "Required argument missing for option: '--nodes'.")]
    [InlineData(new[] { "a.h5", "--nodes", "two" }, "--nodes expects an integer, got 'two'")]
    [InlineData(new[] { "a.h5", "--nodes", "0" }, "--nodes must be between 1 and 100000 (got 0)")]
    [InlineData(new[] { "a.h5", "--hours", "-1" }, "--hours must be above 0")]
    [InlineData(new[] { "a.h5", "--hours", "NaN" }, "--hours expects a number of hours, got 'NaN'")]
    [InlineData(new[] { "a.h5", "--plugin", "acpi" }, "--plugin must be ipmi, ipmi-sockets, xcc, rapl, pm_counters, ibmaem or gpu, got 'acpi'")]
    [InlineData(new[] { "a.h5", "--layout", "flat" }, "--layout must be merged or node-step, got 'flat'")]
    [InlineData(new[] { "a.h5", "--steps", "batch,batch" }, "--steps names a step twice")]
    [InlineData(new[] { "a.h5", "--energy-interval", "0" }, "--energy-interval must be between 1 and 86400 seconds (got 0)")]
    [InlineData(new[] { "a.h5", "--gpus", "65" }, "--gpus: GPUs per node must be between 1 and 64 (got 65)")]
    [InlineData(new[] { "a.h5", "--seed", "-1" }, "--seed expects a non-negative integer, got '-1'")]
    [InlineData(new[] { "/no/such/dir/a.h5" }, "the directory of '/no/such/dir/a.h5' does not exist")]
    public void BadUsageIsExplained(string[] args, string expected)
    {
        var result = CliApp.Parse(["sample", .. args]);

        Assert.StartsWith(expected, UsageErrors.Describe(result)[0]);
    }

    [Fact]
    public void EveryProblemIsReportedNotOnlyTheFirst()
    {
        var result = CliApp.Parse(["sample", _dir.Path, "--nodes", "0", "--plugin", "acpi"]);

        Assert.Equal(
            [
                $"'{_dir.Path}' is a directory; a merged profile is one file (or use --layout node-step)",
                "--nodes must be between 1 and 100000 (got 0)",
                "--plugin must be ipmi, ipmi-sockets, xcc, rapl, pm_counters, ibmaem or gpu, got 'acpi'",
            ],
            UsageErrors.Describe(result).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task BadUsageExitsWithTwo()
    {
        Assert.Equal(2, await CliApp.RunAsync(["sample", "x.h5", "--plugin", "acpi"]));
        Assert.Equal(2, await CliApp.RunAsync(["sample"]));
    }

    [Fact]
    public void EveryOptionIsParsed()
    {
        var result = CliApp.Parse(
            ["sample", "out.h5", "--nodes", "64", "--tasks-per-node", "16", "--steps", "batch, 0,1", "--hours", "1.5", "--energy-interval", "1", "--task-interval", "10",
             "--plugin", "xcc", "--seed", "99", "--layout", "merged", "--legacy-tasks", "--job-id", "77", "--no-io", "--gpus", "8"]);
        Assert.Empty(result.Errors);

        var (output, o) = ((SampleCommand.Definition)result.CommandResult.Command).Bind(result.CommandResult);

        Assert.Equal("out.h5", output);
        Assert.Equal(
            new SampleProfileOptions
            {
                Nodes = 64, TasksPerNode = 16, Steps = o.Steps, Hours = 1.5, EnergyIntervalSeconds = 1, TaskIntervalSeconds = 10, Plugin = EnergyPlugin.Xcc,
                Seed = 99, Layout = ProfileLayout.Merged, LegacyTasks = true, JobId = 77, IncludeIo = false, GpusPerNode = 8,
            },
            o);
        Assert.Equal(["batch", "0", "1"], o.Steps);
    }

    [Fact]
    public void LeftOutOptionsTakeTheWritersDefaultsAndPluginAliasesMapToRapl()
    {
        var result = CliApp.Parse(["sample", "out.h5", "--plugin", "pm_counters", "--layout", "node-step"]);
        Assert.Empty(result.Errors);

        var (_, o) = ((SampleCommand.Definition)result.CommandResult.Command).Bind(result.CommandResult);

        // Written out by hand: the defaults documented in --help.
        Assert.Equal(
            new SampleProfileOptions
            {
                Nodes = 2, TasksPerNode = 2, Steps = o.Steps, Hours = 1, EnergyIntervalSeconds = 2, TaskIntervalSeconds = 30, Plugin = EnergyPlugin.Rapl,
                Seed = 1, Layout = ProfileLayout.NodeStep, LegacyTasks = false, JobId = 4242, IncludeIo = true, GpusPerNode = 4,
            },
            o);
        Assert.Equal(["batch", "0"], o.Steps);
    }

    [Fact]
    public async Task TheCommandWritesAReadableProfile()
    {
        var path = _dir.File("job_4711.h5");
        Assert.Equal(0, await CliApp.RunAsync(["sample", path, "--nodes", "2", "--hours", "0.02", "--plugin", "ipmi-sockets"]));
        using var reader = SlurmProfileReader.Open(path);
        Assert.Equal("4711", reader.SlurmJobId);
        Assert.Equal(["cn001", "cn002"], reader.Nodes);
        Assert.Equal(3, reader.ReadNode("cn001").Steps[0].Energy!.Powers.Count);
    }
}
