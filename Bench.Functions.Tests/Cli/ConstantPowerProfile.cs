using Bench.Pipeline.Hdf5;
using Bench.Pipeline.Slurm.Sample;

namespace Bench.Functions.Tests.Cli;

/// <summary>The CLI tests' profile whose figures are known by hand: one node at constant power.</summary>
internal static class ConstantPowerProfile
{
    /// <summary>
    /// Writes a merged profile at <paramref name="path"/> (its directory made if needed): node cn001 of step
    /// batch draws <paramref name="watts"/> every second for <paramref name="seconds"/>, so its energy is
    /// watts x seconds joules.
    /// </summary>
    public static string Write(string path, ulong watts, int seconds)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var b = SlurmFileBuilder.Merged(path);
        using var node = b.AddNode("batch", "cn001");
        var epoch = Enumerable.Range(0, seconds + 1).Select(i => 1_700_000_000UL + (ulong)i).ToArray();
        node.WriteEnergy([H5FieldSpec.U64("ElapsedTime"), H5FieldSpec.U64("EpochTime"), H5FieldSpec.U64("NodePower")],
            epoch.Select(t => t - epoch[0]).ToArray(), epoch, epoch.Select(_ => watts).ToArray());
        return path;
    }
}
