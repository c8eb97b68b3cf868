using Bench.Functions.Tests.Hdf5;
using Bench.Pipeline.Analysis;
using Bench.Pipeline.Jobs;

namespace Bench.Functions.Tests.SlurmJobs;

/// <summary>A Slurm job assembled from its node-step files gives the merged file's answer, not the sum of the files.</summary>
public sealed class JobAssemblyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static async Task<AnalysisResult> AnalyzeJob(IEnumerable<string> files)
    {
        var job = Assert.Single(JobFiles.Group(files));
        return (await JobAnalysis.RunAsync(job, TariffSources.None)).Result;
    }

    [Fact]
    public async Task NodeStepFilesOfOneJobGiveTheMergedFilesAnswer()
    {
        var nodeStep = TwoNodeJob.WriteNodeStepFiles(_dir.Path);
        var merged = TwoNodeJob.WriteMergedFile(_dir.Path);

        var job = await AnalyzeJob(nodeStep);
        var reference = await FileAnalysis.RunAsync(merged, TariffSources.None);

        Assert.Equal(TwoNodeJob.JobEnergyJ, job.EnergyToSolutionJ, 6);
        Assert.Equal(TwoNodeJob.JobEnergyJ, reference.EnergyToSolutionJ, 6);
        Assert.Equal("77", job.SlurmJobId);
        Assert.Equal(1200, job.TimeToSolutionS);
        Assert.Equal(reference.TimeToSolutionS, job.TimeToSolutionS);
        Assert.Equal(500, job.PeakPowerW, 9); // both nodes at once: 300 W + 200 W
        Assert.Equal(reference.PeakPowerW, job.PeakPowerW, 9);
        Assert.Equal(TwoNodeJob.JobEnergyJ / 1200, job.AveragePowerW, 9);
        Assert.Equal(["batch", "0", "1"], job.Steps);
        Assert.Equal(reference.Steps, job.Steps);
        Assert.Equal(reference.TimelineRows, job.TimelineRows);
        Assert.Equal(121 + 92, job.TimelineRows); // cn001 every 10 s over 0..1200; cn002 51 + 41 samples
        var nodes = job.PerNode.ToDictionary(n => n.Node);
        Assert.Equal(360_000, nodes["cn001"].EnergyJ, 6);
        Assert.Equal(200_000, nodes["cn002"].EnergyJ, 6);
        Assert.Equal(reference.PerNode.Select(n => (n.Node, Math.Round(n.EnergyJ, 6))), job.PerNode.Select(n => (n.Node, Math.Round(n.EnergyJ, 6))));
        var steps = job.PerStep.ToDictionary(s => s.Step);
        Assert.Equal(360_000, steps["batch"].EnergyJ, 6);
        Assert.Equal(300 * 500 + 200 * 500, steps["0"].EnergyJ, 6);
        Assert.Equal(300 * 400 + 200 * 400, steps["1"].EnergyJ, 6);
        Assert.DoesNotContain(job.Warnings, w => w.Contains("counted once", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddingTheFilesOwnResultsWouldCountTheOverlapTwice()
    {
        var nodeStep = TwoNodeJob.WriteNodeStepFiles(_dir.Path);

        var perFile = new List<double>();
        foreach (var file in nodeStep)
        {
            perFile.Add((await FileAnalysis.RunAsync(file, TariffSources.None)).EnergyToSolutionJ);
        }

        var job = await AnalyzeJob(nodeStep);

        // batch cn001 360,000; step 0: 150,000 + 100,000; step 1: 120,000 + 80,000.
        Assert.Equal(TwoNodeJob.PerFileSumJ, perFile.Sum(), 6);
        // Wrong by 250,000 J: cn001's steps 0 and 1 again (+270,000) and cn002's bridged gap missing (-20,000).
        Assert.Equal(250_000, perFile.Sum() - job.EnergyToSolutionJ, 6);
    }

    [Fact]
    public async Task AMergedFileAndNodeStepFilesOfTheSameJobAreCountedOnceWithAWarning()
    {
        Directory.CreateDirectory(_dir.File("merged"));
        var files = TwoNodeJob.WriteNodeStepFiles(_dir.Path).Append(TwoNodeJob.WriteMergedFile(_dir.File("merged"))).ToArray();

        var jobs = JobFiles.Group(files);
        var job = Assert.Single(jobs);
        var result = (await JobAnalysis.RunAsync(job, TariffSources.None)).Result;

        Assert.Equal(SlurmFileKind.Merged, job.Files[0].Kind); // the merged file's steps are the ones kept
        Assert.Equal(TwoNodeJob.JobEnergyJ, result.EnergyToSolutionJ, 6);
        Assert.Equal(121 + 92, result.TimelineRows);
        Assert.Contains(result.Warnings, w => w.Contains("the merged file job_77.h5 and 5 node-step file(s) hold the same job", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w == "node cn002 step 0: recorded in both job_77.h5 and 77_0_cn002.h5; counted once, from job_77.h5");
        Assert.Equal(5, result.Warnings.Count(w => w.Contains("recorded in both", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TheSameStepOfANodeInTwoFilesIsCountedOnceWithAWarning()
    {
        var files = TwoNodeJob.WriteNodeStepFiles(_dir.Path).ToList();
        Directory.CreateDirectory(_dir.File("again"));
        var copy = Path.Combine(_dir.File("again"), "user_77_0_cn002.h5");
        File.Copy(files.Single(f => f.EndsWith("77_0_cn002.h5", StringComparison.Ordinal)), copy);
        files.Add(copy);

        var result = await AnalyzeJob(files);

        Assert.Equal(TwoNodeJob.JobEnergyJ, result.EnergyToSolutionJ, 6);
        var warning = Assert.Single(result.Warnings, w => w.Contains("recorded in both", StringComparison.Ordinal));
        Assert.Equal("node cn002 step 0: recorded in both 77_0_cn002.h5 and user_77_0_cn002.h5; counted once, from 77_0_cn002.h5", warning);
    }

    [Fact]
    public async Task TheExternStepIsOneStepUnderEachOfItsNames()
    {
        var merged = _dir.File("job_77.h5");
        using (var b = Bench.Pipeline.Slurm.Sample.SlurmFileBuilder.Merged(merged))
        using (var writer = b.AddNode("-1", "cn001", TwoNodeJob.Attributes("cn001")))
        {
            TwoNodeJob.Write(writer, 0, 100, 300); // sh5util before 20.11 named the extern step -1
        }

        var nodeStep = _dir.File("77_4294967292_cn001.h5");
        using (var b = Bench.Pipeline.Slurm.Sample.SlurmFileBuilder.NodeStep(nodeStep))
        using (var writer = b.AddNode("cn001", TwoNodeJob.Attributes("cn001")))
        {
            TwoNodeJob.Write(writer, 0, 100, 300);
        }

        var result = await AnalyzeJob([merged, nodeStep]);

        Assert.Equal(300 * 100, result.EnergyToSolutionJ, 6);
        var step = Assert.Single(result.PerStep); // one extern step, whichever name the reader gives it
        Assert.Equal(300 * 100, step.EnergyJ, 6); // not twice
        Assert.Contains(result.Warnings, w => w == "node cn001 step extern: recorded in both job_77.h5 and 77_4294967292_cn001.h5; counted once, from job_77.h5");
    }

    [Fact]
    public async Task SanitisedPrefixesDoNotSplitAJob()
    {
        var files = TwoNodeJob.WriteNodeStepFiles(_dir.Path, prefix: "cane12345_profiles_");

        var result = await AnalyzeJob(files);

        Assert.Equal("77", result.SlurmJobId);
        Assert.Equal(TwoNodeJob.JobEnergyJ, result.EnergyToSolutionJ, 6);
        Assert.Equal(["batch", "0", "1"], result.Steps);
    }

    [Fact]
    public async Task TheRunnerGivesEachFileItsOwnResultAndTheJobOneAnswer()
    {
        var files = TwoNodeJob.WriteNodeStepFiles(_dir.Path).ToList();
        var broken = _dir.File("77_1_cn003.h5");
        File.WriteAllBytes(broken, new byte[512]);
        files.Add(broken);

        var outcome = await SlurmJobRunner.RunAsync(Assert.Single(JobFiles.Group(files)), TariffSources.None);

        Assert.True(outcome.Failed);
        Assert.Null(outcome.Error);
        Assert.Equal(TwoNodeJob.JobEnergyJ, outcome.Result!.EnergyToSolutionJ, 6);
        Assert.Equal(6, outcome.PerFile.Count);
        Assert.Equal(TwoNodeJob.PerFileSumJ, outcome.PerFile.Where(f => f.Result is not null).Sum(f => f.Result!.EnergyToSolutionJ), 6);
        var failed = Assert.Single(outcome.PerFile, f => f.Error is not null);
        Assert.Equal(broken, failed.Path);
        Assert.Equal(5, outcome.IncludedFiles.Count);
        Assert.Contains(outcome.Result.Warnings, w => w == "Slurm job 77: 77_1_cn003.h5 could not be read and is left out of the job");
    }
}
