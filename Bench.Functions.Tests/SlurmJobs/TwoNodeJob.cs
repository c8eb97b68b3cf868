using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Slurm;
using Bench.Pipeline.Slurm.Sample;

namespace Bench.Functions.Tests.SlurmJobs;

/// <summary>
/// One Slurm job on two nodes with constant node power, written either as Slurm's node-step files or as
/// sh5util's merged file: batch on cn001 (0..1200 s), step 0 on both (100..600 s), step 1 on both
/// (700..1100 s), a sample every 10 s; cn001 draws 300 W, cn002 200 W, in every step (one node-wide sensor).
/// </summary>
/// <remarks>
/// By hand, each node's samples merged and counted once: cn001 300 W x 1200 s = 360,000 J; cn002 200 W over
/// 100..1100 s (the 600..700 s gap between its steps bridged linearly) = 200,000 J; the job 560,000 J.
/// Adding the five files' own results instead: 360,000 + 150,000 + 100,000 + 120,000 + 80,000 = 810,000 J.
/// </remarks>
public static class TwoNodeJob
{
    public const long JobId = 77;
    public const ulong T0 = 1_700_000_000;
    public const double JobEnergyJ = 560_000;
    public const double PerFileSumJ = 810_000;

    public static readonly (string Step, ulong From, ulong To)[] Steps = [("batch", 0, 1200), ("0", 100, 600), ("1", 700, 1100)];

    private static readonly H5FieldSpec[] Ipmi = [H5FieldSpec.U64("ElapsedTime"), H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("NodePower")];

    public static IEnumerable<(string Step, string Node, ulong From, ulong To, ulong Watts)> Series() =>
        from s in Steps
        from n in new[] { ("cn001", 300UL), ("cn002", 200UL) }
        where s.Step != "batch" || n.Item1 == "cn001"
        select (s.Step, n.Item1, s.From, s.To, n.Item2);

    /// <summary>Writes the five node-step files into <paramref name="directory"/>, each name prefixed with <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<string> WriteNodeStepFiles(string directory, string prefix = "")
    {
        var paths = new List<string>();
        foreach (var (step, node, from, to, watts) in Series())
        {
            var path = Path.Combine(directory, prefix + SlurmFileNames.NodeStepFileName(JobId, step, node));
            using var builder = SlurmFileBuilder.NodeStep(path);
            using var writer = builder.AddNode(node, Attributes(node));
            Write(writer, from, to, watts);
            paths.Add(path);
        }

        return paths;
    }

    /// <summary>Writes the same job as one sh5util file, <c>job_77.h5</c> unless named otherwise.</summary>
    public static string WriteMergedFile(string directory, string name = "job_77.h5")
    {
        var path = Path.Combine(directory, name);
        using var builder = SlurmFileBuilder.Merged(path);
        foreach (var (step, node, from, to, watts) in Series())
        {
            using var writer = builder.AddNode(step, node, Attributes(node));
            Write(writer, from, to, watts);
        }

        return path;
    }

    public static NodeAttributes Attributes(string node) =>
        new(node == "cn001" ? 0 : 1, node, 1, 1, "Tue Nov 14 22:13:20 2023");

    /// <summary>Constant <paramref name="watts"/> every 10 s from T0 + <paramref name="from"/> to T0 + <paramref name="to"/>.</summary>
    public static void Write(SlurmNodeWriter writer, ulong from, ulong to, ulong watts)
    {
        var epoch = new List<ulong>();
        for (var t = T0 + from; t <= T0 + to; t += 10)
        {
            epoch.Add(t);
        }

        writer.WriteEnergy(Ipmi, epoch.Select(t => t - T0 - from).ToArray(), epoch.ToArray(), epoch.Select(_ => watts).ToArray());
    }
}
