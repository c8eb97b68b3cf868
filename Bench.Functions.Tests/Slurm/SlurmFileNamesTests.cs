using Bench.Pipeline.Slurm;

namespace Bench.Functions.Tests.Slurm;

public sealed class SlurmFileNamesTests
{
    [Theory]
    [InlineData("/data/job_12345.h5", 12345L)]
    [InlineData("job_12345_merged.h5", 12345L)]
    [InlineData("cane12345/67890.h5", 67890L)]
    [InlineData("67890_0_cn001.h5", 67890L)]
    [InlineData("profile.h5", null)]
    [InlineData("job_abc.h5", null)]
    public void MergedFileNamesGiveTheJobIdWhenTheySayIt(string path, long? expected) =>
        Assert.Equal(expected, SlurmFileNames.MergedJobId(path));

    [Theory]
    [InlineData("/p/cane/4242_batch_cn001.h5", 4242L, "batch", "cn001")]
    [InlineData("4242_0_cn001.h5", 4242L, "0", "cn001")]
    [InlineData("4242_12_node_with_underscore.h5", 4242L, "12", "node_with_underscore")]
    [InlineData("4242_extern_cn001.h5", 4242L, "extern", "cn001")]
    [InlineData("4242_-4_cn001.h5", 4242L, "extern", "cn001")]
    [InlineData("4242_4294967292_cn001.h5", 4242L, "extern", "cn001")]
    [InlineData("4242_4294967295_cn001.h5", 4242L, "extern", "cn001")]
    [InlineData("4242_4294967290_cn001.h5", 4242L, "interactive", "cn001")]
    [InlineData("4242_4294967293_cn001.h5", 4242L, null, "cn001")]
    [InlineData("4242_weird_cn001.h5", 4242L, null, "cn001")]
    [InlineData("x_0_cn001.h5", null, "0", "cn001")]
    [InlineData("4242.h5", null, null, null)]
    public void NodeStepFileNamesSplitIntoJobStepAndNode(string path, long? job, string? step, string? node)
    {
        Assert.Equal(job, SlurmFileNames.NodeStepJobId(path));
        Assert.Equal(step, SlurmFileNames.NodeStepStep(path));
        Assert.Equal(node, SlurmFileNames.NodeStepNode(path));
    }

    [Fact]
    public void NodeStepFileNameIsJobStepNode() =>
        Assert.Equal("4242_batch_cn001.h5", SlurmFileNames.NodeStepFileName(4242, "batch", "cn001"));

    [Theory]
    [InlineData("4294967292", "extern")]
    [InlineData("4294967295", "extern")]
    [InlineData("-4", "extern")]
    [InlineData("-1", "extern")]
    [InlineData("EXTERN", "extern")]
    [InlineData("4294967290", "interactive")]
    [InlineData("-6", "interactive")]
    [InlineData("Batch", "batch")]
    [InlineData("12", "12")]
    [InlineData("4294967293", null)]
    [InlineData("-2", null)]
    public void SlurmsStepIdsBecomeReadableNames(string raw, string? expected) =>
        Assert.Equal(expected, StepNames.Normalize(raw));

    [Fact]
    public void StepsAreShownInSh5utilsOrderAndOwnedByTheMostSpecific()
    {
        string[] steps = ["10", "1", "batch", "0", "extern", "interactive"];

        Assert.Equal(["extern", "interactive", "batch", "0", "1", "10"], steps.Order(StepNames.DisplayOrder));
        Assert.Equal(["0", "1", "10", "batch", "interactive", "extern"], steps.Order(StepNames.SpecificityOrder));
    }
}
