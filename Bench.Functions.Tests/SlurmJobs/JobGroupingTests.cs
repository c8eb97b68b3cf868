using Bench.Pipeline.Jobs;
using Bench.Pipeline.Slurm;

namespace Bench.Functions.Tests.SlurmJobs;

/// <summary>Which job a file belongs to, from its name matched at the end.</summary>
public sealed class JobGroupingTests
{
    [Theory]
    [InlineData("9646276_batch_c0107.h5", "9646276", SlurmFileKind.NodeStep)]
    [InlineData("/data/profiles/9646276_0_c0107.h5", "9646276", SlurmFileKind.NodeStep)]
    [InlineData("user_9646276_batch_c0107.h5", "9646276", SlurmFileKind.NodeStep)]
    [InlineData("cane12345_9646276_12_c0107.h5", "9646276", SlurmFileKind.NodeStep)]
    [InlineData("9646276_4294967292_c0107.h5", "9646276", SlurmFileKind.NodeStep)]
    [InlineData("9646276_4294967295_c0107.h5", "9646276", SlurmFileKind.NodeStep)]
    [InlineData("9646276_extern_c0107.h5", "9646276", SlurmFileKind.NodeStep)]
    [InlineData("9646276_interactive_c0107.h5", "9646276", SlurmFileKind.NodeStep)]
    [InlineData("9646276_0_node_with_underscore.h5", "9646276", SlurmFileKind.NodeStep)]
    [InlineData("job_9646276.h5", "9646276", SlurmFileKind.Merged)]
    [InlineData("/x/cane12345_job_9646276.h5", "9646276", SlurmFileKind.Merged)]
    [InlineData("JOB_12.H5", "12", SlurmFileKind.Merged)]
    [InlineData("profile.h5", null, SlurmFileKind.Unnamed)]
    [InlineData("job_12345_merged.h5", null, SlurmFileKind.Unnamed)]
    [InlineData("9646276_weird_c0107.h5", null, SlurmFileKind.Unnamed)]
    [InlineData("9646276_0_c0107.h5/other.h5", null, SlurmFileKind.Unnamed)]
    public void AFileNamesItsJobAtTheEndOfItsName(string path, string? job, SlurmFileKind kind)
    {
        var file = SlurmJobFile.Of(path);

        Assert.Equal(job, file.SlurmJobId);
        Assert.Equal(kind, file.Kind);
    }

    [Theory]
    [InlineData("user_9646276_batch_c0107.h5", 9646276L, "batch", "c0107")]
    [InlineData("cane12345_67890_0_cn1.h5", 67890L, "0", "cn1")]
    [InlineData("9646276_4294967292_c0107.h5", 9646276L, "extern", "c0107")]
    [InlineData("9646276_4294967295_c0107.h5", 9646276L, "extern", "c0107")]
    [InlineData("9646276_interactive_c0107.h5", 9646276L, "interactive", "c0107")]
    [InlineData("4242_12_node_with_underscore.h5", 4242L, "12", "node_with_underscore")]
    public void ASanitisedNodeStepNameKeepsItsJobStepAndNode(string path, long job, string step, string node)
    {
        Assert.Equal(new SlurmFileNames.NodeStepName(job, step, node), SlurmFileNames.ParseNodeStep(path));
        Assert.Equal(job, SlurmFileNames.NodeStepJobId(path));
        Assert.Equal(step, SlurmFileNames.NodeStepStep(path));
        Assert.Equal(node, SlurmFileNames.NodeStepNode(path));
    }

    [Fact]
    public void FilesAreGroupedByJobMergedFilesFirstAndUnnamedFilesAlone()
    {
        string[] paths =
        [
            "/d/77_batch_cn001.h5",
            "/d/88_0_cn001.h5",
            "/d/profile.h5",
            "/d/77_0_cn002.h5",
            "/d/sub/job_77.h5",
            "/d/other.h5",
            "/d/77_0_cn001.h5",
            "/d/77_0_cn001.h5",
        ];

        var jobs = JobFiles.Group(paths);

        Assert.Equal(["77", "88", "/d/profile.h5", "/d/other.h5"], jobs.Select(j => j.Key));
        Assert.Equal([null, null], jobs.Skip(2).Select(j => j.SlurmJobId));
        Assert.Equal(["/d/sub/job_77.h5", "/d/77_0_cn001.h5", "/d/77_0_cn002.h5", "/d/77_batch_cn001.h5"], jobs[0].Paths);
        Assert.Equal(["/d/88_0_cn001.h5"], jobs[1].Paths);
        Assert.Equal(["/d/profile.h5"], jobs[2].Paths);
    }

    [Fact]
    public void AnExplicitFileListMustNameOneJob()
    {
        var error = Assert.Throws<ArgumentException>(() => JobFiles.Of("77", [SlurmJobFile.Of("77_0_a.h5"), SlurmJobFile.Of("78_0_a.h5")]));

        Assert.Contains("77_0_a.h5, 78_0_a.h5", error.Message, StringComparison.Ordinal);
        Assert.Equal("77", JobFiles.Of("77", [SlurmJobFile.Of("77_0_a.h5"), SlurmJobFile.Of("job_77.h5")]).SlurmJobId);
    }
}
