namespace Bench.Pipeline.Slurm;

/// <summary>Which series <see cref="SlurmProfileReader.ReadNode"/> reads.</summary>
public enum ProfileSeries
{
    /// <summary>Energy, Tasks, Filesystem and Network: what node timelines need.</summary>
    All,

    /// <summary>
    /// Energy only: every figure the analysis prints comes from power. Tasks are counted (their datasets are
    /// listed, not read); Filesystem and Network are skipped.
    /// </summary>
    EnergyOnly,
}
