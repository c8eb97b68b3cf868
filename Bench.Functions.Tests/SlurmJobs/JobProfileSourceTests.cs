using Bench.Functions.Tests.Energy;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Jobs;

namespace Bench.Functions.Tests.SlurmJobs;

/// <summary>The multi-file source on its own, with profiles built in memory.</summary>
public sealed class JobProfileSourceTests
{
    private const long T0 = 1_700_000_000;

    private static InMemoryProfile Profile(string path, params (string Step, string Node, long From, long To, double Watts)[] series)
    {
        var profile = new InMemoryProfile { Path = path, SlurmJobId = "5" };
        foreach (var (step, node, from, to, watts) in series)
        {
            profile.Add(step, node, InMemoryProfile.Power(InMemoryProfile.Times(T0 + from, T0 + to, 10), _ => watts));
        }

        return profile;
    }

    [Fact]
    public void ANodesStepsComeFromEveryFileThatHoldsItInStepOrder()
    {
        var a = Profile("/p/5_1_cn001.h5", ("1", "cn001", 500, 900, 100));
        var b = Profile("/p/5_batch_cn001.h5", ("batch", "cn001", 0, 1000, 100));
        var c = Profile("/p/5_1_cn002.h5", ("1", "cn002", 500, 900, 100));

        var job = new JobProfileSource("Slurm job 5", "5", [a, b, c]);

        Assert.Equal(["cn001", "cn002"], job.Nodes);
        Assert.Equal(["batch", "1"], job.Steps);
        Assert.Equal((T0, T0 + 1000), job.ProbeTimeRange());
        Assert.Equal(["batch", "1"], job.ReadNode("cn001").Steps.Select(s => s.Step));
        Assert.Equal(["1"], job.ReadNode("cn002").Steps.Select(s => s.Step));
        Assert.Contains("'cn003'", Assert.Throws<ArgumentException>(() => job.ReadNode("cn003")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AStepHeldTwiceIsTakenFromTheFirstSourceOnly()
    {
        // The same step and node in two files with different readings: only the first source's 300 W counts.
        var first = Profile("/p/job_5.h5", ("0", "cn001", 0, 100, 300));
        var second = Profile("/p/5_0_cn001.h5", ("0", "cn001", 0, 100, 999));

        var result = ProfileAnalyzer.Analyze(new JobProfileSource("Slurm job 5", "5", [first, second]));

        Assert.Equal(300 * 100, result.EnergyToSolutionJ, 6);
        Assert.Single(result.PerStep);
        Assert.Contains(result.Warnings, w => w == "node cn001 step 0: recorded in both job_5.h5 and 5_0_cn001.h5; counted once, from job_5.h5");
    }

    [Fact]
    public void NodesThatNeverShareAFileStillAddUp()
    {
        var a = Profile("/p/5_0_cn001.h5", ("0", "cn001", 0, 100, 300));
        var b = Profile("/p/5_0_cn002.h5", ("0", "cn002", 50, 150, 200));

        var result = ProfileAnalyzer.Analyze(new JobProfileSource("Slurm job 5", "5", [a, b]));

        Assert.Equal(300 * 100 + 200 * 100, result.EnergyToSolutionJ, 6);
        Assert.Equal(150, result.TimeToSolutionS);
        Assert.Equal(500, result.PeakPowerW, 9); // 50..100 s both nodes draw at once
        Assert.Equal("5", result.SlurmJobId);
        Assert.Equal("Slurm job 5", result.File);
    }
}
