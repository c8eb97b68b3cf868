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
    [InlineData(new string[0], "the output path is missing")]
    [InlineData(new[] { "a.h5", "b.h5" }, "one output path expected, got 2: a.h5 b.h5")]
    [InlineData(new[] { "a.h5", "--frobnicate", "1" }, "unknown option '--frobnicate'")]
    [InlineData(new[] { "a.h5", "--nodes" }, "--nodes needs a value")]
    [InlineData(new[] { "a.h5", "--nodes", "two" }, "--nodes expects an integer, got 'two'")]
    [InlineData(new[] { "a.h5", "--nodes", "0" }, "--nodes must be between 1 and 100000 (got 0)")]
    [InlineData(new[] { "a.h5", "--hours", "-1" }, "--hours must be above 0")]
    [InlineData(new[] { "a.h5", "--hours", "NaN" }, "--hours expects a number of hours, got 'NaN'")]
    [InlineData(new[] { "a.h5", "--plugin", "acpi" }, "--plugin must be ipmi, ipmi-sockets, xcc, rapl or gpu, got 'acpi'")]
    [InlineData(new[] { "a.h5", "--layout", "flat" }, "--layout must be merged or node-step, got 'flat'")]
    [InlineData(new[] { "a.h5", "--steps", "batch,batch" }, "--steps names a step twice")]
    [InlineData(new[] { "a.h5", "--energy-interval", "0" }, "--energy-interval must be between 1 and 86400 seconds (got 0)")]
    [InlineData(new[] { "/no/such/dir/a.h5" }, "the directory of '/no/such/dir/a.h5' does not exist")]
    public void BadUsageIsExplained(string[] args, string expected)
    {
        Assert.False(SampleCommand.TryParse(args, out _, out _, out var error));
        Assert.StartsWith(expected, error);
    }

    [Fact]
    public async Task BadUsageExitsWithTwo()
    {
        Assert.Equal(2, await SampleCommand.RunAsync(["x.h5", "--plugin", "acpi"]));
        Assert.Equal(2, await CliApp.RunAsync(["sample"]));
    }

    [Fact]
    public void EveryOptionIsParsed()
    {
        Assert.True(SampleCommand.TryParse(
            ["out.h5", "--nodes", "64", "--tasks-per-node", "16", "--steps", "batch, 0,1", "--hours", "1.5", "--energy-interval", "1", "--task-interval", "10",
             "--plugin", "xcc", "--seed", "99", "--layout", "merged", "--legacy-tasks", "--job-id", "77", "--no-io", "--gpus", "8"],
            out var output, out var o, out var error), error);
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
